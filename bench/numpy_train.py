#!/usr/bin/env python3
"""The reference that `dlfs bench` times: the book's chapter 4 training loop
(train_neuralnet.py with the sigmoid TwoLayerNet of two_layer_net.py), in
NumPy, with the book's settings: 10,000 iterations, batch 100, lr 0.1,
hidden 50, weight_init_std 0.01, np.random.seed(SEED) once before the weights,
np.random.choice(60000, 100) for each mini-batch, and accuracy on the full
training and test sets when i % iter_per_epoch == 0 (17 evaluations).

The data is read from the four original .gz files as the book's
dataset/mnist.py does: float32 pixels / 255.0, one-hot float64 labels.

Output, one line each (dlfs reads them):
  epoch E iter I train_acc A test_acc B     every evaluation, as it happens
  WALL TIME sigmoid: total loop S s         the loop, data loading excluded
  NUMGRAD ITERATION: S s (P of 39760 parameters, extrapolated to all)
                                            with --numgrad-iteration: one
                                            iteration's numerical gradient

Usage:
  python3 numpy_train.py [--data DIR] [--seed 0] [--iters 10000]
                         [--numgrad-iteration] [--numgrad-params P]
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "2")

import argparse
import gzip
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def read_idx(path, magic, header):
    with gzip.open(path, "rb") as f:
        buf = f.read()
    fields = np.frombuffer(buf, ">u4", count=header, offset=0)
    if fields[0] != magic:
        sys.exit(f"{path}: magic number {fields[0]}, expected {magic}")
    return np.frombuffer(buf, np.uint8, offset=4 * header), int(fields[1])


def load_mnist(data_dir):
    def images(name):
        data, n = read_idx(os.path.join(data_dir, name), 2051, 4)
        return (data.reshape(n, 784).astype(np.float32)) / 255.0

    def labels(name):
        data, n = read_idx(os.path.join(data_dir, name), 2049, 2)
        t = np.zeros((n, 10))
        t[np.arange(n), data] = 1
        return t

    return (
        (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")),
        (images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")),
    )


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    if t.size == y.size:
        t = t.argmax(axis=1)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n


def numerical_gradient(f, x, limit):
    """The book's common/gradient.py loop; stops after `limit` elements."""
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    done = 0
    while not it.finished and done < limit:
        idx = it.multi_index
        tmp = x[idx]
        x[idx] = tmp + h
        fxh1 = f(x)
        x[idx] = tmp - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp
        it.iternext()
        done += 1
    return grad, done


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {
            "W1": weight_init_std * np.random.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * np.random.randn(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }

    def predict(self, x):
        p = self.params
        z1 = sigmoid(np.dot(x, p["W1"]) + p["b1"])
        return softmax(np.dot(z1, p["W2"]) + p["b2"])

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        return np.sum(y == np.argmax(t, axis=1)) / float(x.shape[0])

    def numerical_gradient(self, x, t, limit):
        loss_w = lambda w: self.loss(x, t)
        done = 0
        for key in ("W1", "b1", "W2", "b2"):
            _, n = numerical_gradient(loss_w, self.params[key], limit - done)
            done += n
        return done

    def gradient(self, x, t):
        p = self.params
        n = x.shape[0]
        a1 = np.dot(x, p["W1"]) + p["b1"]
        z1 = sigmoid(a1)
        y = softmax(np.dot(z1, p["W2"]) + p["b2"])
        dy = (y - t) / n
        dz1 = np.dot(dy, p["W2"].T)
        da1 = (1.0 - sigmoid(a1)) * sigmoid(a1) * dz1
        return {
            "W1": np.dot(x.T, da1),
            "b1": np.sum(da1, axis=0),
            "W2": np.dot(z1.T, dy),
            "b2": np.sum(dy, axis=0),
        }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(HERE, "..", "data", "mnist"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--iters", type=int, default=10000)
    ap.add_argument("--numgrad-iteration", action="store_true",
                    help="time one iteration's numerical gradient instead of training")
    ap.add_argument("--numgrad-params", type=int, default=39760,
                    help="nudge only this many parameters and extrapolate (default: all)")
    args = ap.parse_args()

    (x_train, t_train), (x_test, t_test) = load_mnist(args.data)
    np.random.seed(args.seed)
    network = TwoLayerNet(784, 50, 10)
    train_size, batch_size, lr = x_train.shape[0], 100, 0.1
    iter_per_epoch = max(train_size / batch_size, 1)

    if args.numgrad_iteration:
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        t0 = time.perf_counter()
        done = network.numerical_gradient(x_batch, t_batch, args.numgrad_params)
        s = (time.perf_counter() - t0) * 39760 / done
        print(f"NUMGRAD ITERATION: {s:.3f} s ({done} of 39760 parameters, extrapolated to all)")
        return

    t0 = time.perf_counter()
    epoch = 0
    for i in range(args.iters):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= lr * grad[key]
        network.loss(x_batch, t_batch)
        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            print(f"epoch {epoch} iter {i} train_acc {train_acc!r} test_acc {test_acc!r}", flush=True)
            epoch += 1
    print(f"WALL TIME sigmoid: total loop {time.perf_counter() - t0:.3f} s")


if __name__ == "__main__":
    main()
