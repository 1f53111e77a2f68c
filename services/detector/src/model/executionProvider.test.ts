import { chooseExecutionProvider } from './executionProvider';

const gpu = { gpuVisible: true, cudaProviderInstalled: true };
const noGpu = { gpuVisible: false, cudaProviderInstalled: false };

describe('execution provider selection', () => {
  it('uses CUDA on auto when the GPU and the provider are both present', () => {
    expect(chooseExecutionProvider('auto', gpu)).toEqual({ provider: 'cuda', reason: expect.stringContaining('GPU and CUDA provider present') });
  });

  it('falls back to CPU on auto and says what is missing', () => {
    const choice = chooseExecutionProvider('auto', noGpu);
    expect(choice.provider).toBe('cpu');
    expect(choice.reason).toMatch(/no NVIDIA GPU is visible.*CUDA provider library is not installed.*using CPU/);
  });

  it('falls back to CPU when the GPU is there but the provider library is not', () => {
    const choice = chooseExecutionProvider('auto', { gpuVisible: true, cudaProviderInstalled: false });
    expect(choice.provider).toBe('cpu');
    expect(choice.reason).not.toMatch(/no NVIDIA GPU/);
    expect(choice.reason).toMatch(/Dockerfile\.detector-gpu/);
  });

  it('honours an explicit cpu even with a GPU', () => {
    expect(chooseExecutionProvider('cpu', gpu)).toEqual({ provider: 'cpu', reason: 'DETECTOR_DEVICE=cpu' });
  });

  it('falls back from an explicit cuda request with a reason naming the request', () => {
    expect(chooseExecutionProvider('cuda', gpu).provider).toBe('cuda');
    const choice = chooseExecutionProvider('cuda', noGpu);
    expect(choice).toEqual({ provider: 'cpu', reason: expect.stringMatching(/^DETECTOR_DEVICE=cuda requested but/) });
  });
});
