import NodeEnvironment from 'jest-environment-node';

type Config = ConstructorParameters<typeof NodeEnvironment>;

/**
 * onnxruntime-node hands back output tensors whose typed arrays come from Node's own realm;
 * jest runs tests in a separate realm, where `data instanceof Float32Array` is then false and
 * onnxruntime rejects its own outputs. Tests that run models share Node's typed array classes.
 */
export default class NativeArraysEnvironment extends NodeEnvironment {
  constructor(config: Config[0], context: Config[1]) {
    super(config, context);
    const shared = {
      Float32Array,
      Float64Array,
      Int8Array,
      Int16Array,
      Int32Array,
      Uint8Array,
      Uint16Array,
      Uint32Array,
      BigInt64Array,
      BigUint64Array,
      Float16Array: (globalThis as Record<string, unknown>).Float16Array,
    };
    Object.assign(this.global, shared);
  }
}
