//! Chapter 4, "Neural network learning" (신경망 학습), in the book's order and
//! the book's names. Plain ndarray code, nothing but the algorithm.

pub mod compare; // 4.5.5 comparing settings over seeds: mean ± sd
pub mod diff; // 4.3 numerical differentiation
pub mod gradient; // 4.4 gradient and gradient descent
pub mod landscape; // 4.4.3 saddle points, stretched valleys, local minima, plateaus; gradient ascent
pub mod local_gradient; // 4.5.4 the numerical gradient, redoing only what a nudge changes
pub mod loss; // 4.2 loss functions
pub mod simple_net; // 4.4.2 the gradient of a simple net
pub mod train;
pub mod two_layer_net; // 4.5.1 the two-layer net
pub mod why_loss; // 4.2.5 why a loss function and not accuracy // 4.5.2-4.5.3 the training loop
