/**
 * TensorFlow.js with the fastest backend this machine has: tfjs-node when it is importable,
 * otherwise the wasm backend. The backend actually in use is checked, not assumed.
 */
import * as tf from '@tensorflow/tfjs';

export async function initBackend(): Promise<string> {
  try {
    // tfjs-node is optional: it needs a native libtensorflow download that many machines cannot make.
    await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node'].join('/'));
    if (tf.engine().registryFactory.tensorflow && (await tf.setBackend('tensorflow'))) {
      await tf.ready();
      return tf.getBackend();
    }
  } catch {
    // not installed: fall through to wasm
  }
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js wasm backend could not start');
  await tf.ready();
  const backend = tf.getBackend();
  if (backend !== 'wasm') throw new Error(`expected the wasm backend, got ${backend}`);
  return backend;
}

export { tf };
