/**
 * Exports trained MnistCnnParams as an ONNX model laid out as PyTorch would export it:
 * input `input` [N,1,28,28], output `logits` [N,10], opset 13, Gemm with transB=1.
 */
import { attr, buildOnnxModel } from '../onnx-builder.ts';
import { MNIST_CNN, type MnistCnnParams, PARAM_DIMS } from './model.ts';

export const MNIST_CNN_OPSET = 13;
export const MNIST_CNN_IR_VERSION = 7;

export function exportMnistCnnOnnx(params: MnistCnnParams, docString = ''): Uint8Array {
  const { kernel, classes, imageSize } = MNIST_CNN;
  const convAttributes = {
    kernel_shape: attr.ints([kernel, kernel]),
    pads: attr.ints([1, 1, 1, 1]),
    strides: attr.ints([1, 1]),
  };
  const poolAttributes = { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) };
  const gemmAttributes = { alpha: attr.float(1), beta: attr.float(1), transB: attr.int(1) };
  return buildOnnxModel({
    opsetVersion: MNIST_CNN_OPSET,
    irVersion: MNIST_CNN_IR_VERSION,
    graphName: 'mnist_cnn',
    docString,
    inputs: [{ name: 'input', type: 'float32', shape: ['N', 1, imageSize, imageSize] }],
    outputs: [{ name: 'logits', type: 'float32', shape: ['N', classes] }],
    initializers: (Object.keys(PARAM_DIMS) as (keyof MnistCnnParams)[]).map((name) => ({
      name,
      dims: PARAM_DIMS[name],
      data: params[name],
    })),
    nodes: [
      { opType: 'Conv', name: 'conv1', inputs: ['input', 'conv1Weight', 'conv1Bias'], outputs: ['conv1'], attributes: convAttributes },
      { opType: 'Relu', name: 'relu1', inputs: ['conv1'], outputs: ['relu1'] },
      { opType: 'MaxPool', name: 'pool1', inputs: ['relu1'], outputs: ['pool1'], attributes: poolAttributes },
      { opType: 'Conv', name: 'conv2', inputs: ['pool1', 'conv2Weight', 'conv2Bias'], outputs: ['conv2'], attributes: convAttributes },
      { opType: 'Relu', name: 'relu2', inputs: ['conv2'], outputs: ['relu2'] },
      { opType: 'MaxPool', name: 'pool2', inputs: ['relu2'], outputs: ['pool2'], attributes: poolAttributes },
      { opType: 'Flatten', name: 'flatten', inputs: ['pool2'], outputs: ['flat'], attributes: { axis: attr.int(1) } },
      { opType: 'Gemm', name: 'fc1', inputs: ['flat', 'fc1Weight', 'fc1Bias'], outputs: ['fc1'], attributes: gemmAttributes },
      { opType: 'Relu', name: 'relu3', inputs: ['fc1'], outputs: ['relu3'] },
      { opType: 'Gemm', name: 'fc2', inputs: ['relu3', 'fc2Weight', 'fc2Bias'], outputs: ['logits'], attributes: gemmAttributes },
    ],
  });
}
