//! The pieces the book keeps in its `common/` and `dataset/` folders.

pub mod functions; // chapter 3's sigmoid, step function and softmax
pub mod io; // writing a file whole or not at all
pub mod mnist; // dataset/mnist.py: the MNIST data set, IDX and CSV
pub mod numpy; // NumPy's ways: np.dot and np.sum's order, array printing
pub mod numpy_random; // np.random.seed, rand, randn, choice: NumPy's legacy stream, bit for bit
pub mod random; // where the weights and mini-batches come from: ChaCha8 or NumPy's stream
