import type { InferenceSession } from './onnxRuntime';
import { readSignature, UnsupportedModelError } from './modelSignature';

type Meta = InferenceSession.ValueMetadata;
const tensor = (name: string, shape: Array<number | string>, type: 'float32' | 'int64' = 'float32'): Meta => ({ name, isTensor: true, type, shape });

describe('model signature', () => {
  it('recognises a DETR export with a dynamic batch axis', () => {
    const signature = readSignature(
      [tensor('images', ['N', 3, 640, 640]), tensor('orig_target_sizes', ['N', 2], 'int64')],
      [tensor('labels', ['N', 300], 'int64'), tensor('boxes', ['N', 300, 4]), tensor('scores', ['N', 300])],
      640,
    );
    expect(signature).toMatchObject({ family: 'detr', imageInput: 'images', sizeInput: 'orig_target_sizes', dynamicBatch: true, inputWidth: 640, inputHeight: 640 });
  });

  it('recognises a YOLO export with a fixed batch of 1', () => {
    const signature = readSignature([tensor('images', [1, 3, 480, 640])], [tensor('output0', [1, 84, 6300])], 640);
    expect(signature).toMatchObject({ family: 'yolo', outputs: { predictions: 'output0' }, dynamicBatch: false, fixedBatch: 1, inputWidth: 640, inputHeight: 480 });
  });

  it('uses the configured size when height and width are symbolic', () => {
    const signature = readSignature([tensor('images', ['batch', 3, 'height', 'width'])], [tensor('output0', ['batch', 84, 'anchors'])], 512);
    expect(signature).toMatchObject({ inputWidth: 512, inputHeight: 512, dynamicBatch: true });
  });

  it('refuses other signatures and lists what it found', () => {
    expect(() => readSignature([tensor('x', ['N', 3, 224, 224])], [tensor('logits', ['N', 1000])], 640)).toThrow(UnsupportedModelError);
    expect(() => readSignature([tensor('x', ['N', 3, 224, 224])], [tensor('logits', ['N', 1000])], 640)).toThrow(/x\[N,3,224,224\].*logits\[N,1000\]/);
    expect(() => readSignature([tensor('tokens', ['N', 77])], [], 640)).toThrow(/no \[N,3,H,W\] image input/);
  });
});
