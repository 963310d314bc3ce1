//! The book's training loop on every core, with the same numbers.
//!
//! `train::train_book` is the loop as the book writes it. Each iteration does
//! three large pieces of work: the forward pass for the gradient (x·W1 for the
//! mini-batch), the gradient of W1 (x^T·dA1), and a second forward pass for the
//! loss the book records after the step. Here the same arithmetic is shared out
//! so that no sum is ever split between threads:
//!
//! - each thread owns some of the hidden units: their columns of W1 (and rows
//!   of W2, entries of b1). It computes x·W1 for those columns, their gradients,
//!   and their step. Its columns of W1 are written only by itself, so they stay
//!   in its core's cache instead of moving between cores every step;
//! - the rest of each image's forward and backward pass (the output layer,
//!   softmax, dy, dA1) is split by image;
//! - each number is still summed by one thread, in the book's order.
//!
//! So the results do not depend on the number of threads, and in f64 they are
//! the same bits as `train_book` (a test checks both). The forward pass for the
//! loss of iteration i uses the weights after step i, the same weights as the
//! gradient of iteration i + 1, so both go in one pass over the weights.
//!
//! An iteration has three phases and two barriers: phase 1 (x·W1, by hidden
//! unit), barrier, phase 2 (the output layer, by image), barrier, phase 3 (the
//! step, by hidden unit). Phase 3 of one thread may run alongside the next
//! phase 1 of another, which reads only its own hidden units' weights, so a
//! third barrier is not needed: a thread that is late with its step delays the
//! others only at the next barrier. In each phase every shared buffer is either
//! only read, or written in parts that belong to one thread.
//!
//! The evaluations (accuracy on all 70,000 images, once per epoch) fill the
//! time a thread would otherwise spend waiting at a barrier: at the start of an
//! epoch each thread copies the weights, and takes a few images at a time
//! whenever it arrives at a barrier before the others. What is left when the
//! next epoch starts (or the loop ends) is finished then, so an epoch's
//! accuracies are reported a little later than the book's loop reports them,
//! but they are the same numbers, in the same order.

use std::cell::UnsafeCell;
use std::collections::VecDeque;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use ndarray::{Array1, Array2};

use crate::ch04::train::{Epoch, TrainConfig, TrainResult, check_config, check_loss};
use crate::ch04::two_layer_net::TwoLayerNet;
use crate::common::functions::Activation;
use crate::common::mnist::{CLASSES, PIXELS};
use crate::common::random::{Random, Stream};
use crate::engine::precision::Real;
use crate::engine::precision::np_sum;
use crate::engine::sparse::{PixelRows, row_terms_entries};
use crate::error::Result;

/// What the loop reads: the images in the engine's sparse format, their bytes
/// meaning values in the precision the loop computes in, and the labels.
pub struct FastData<'a, F> {
    pub x_train: PixelRows<F>,
    pub t_train: &'a [u8],
    pub x_test: PixelRows<F>,
    pub t_test: &'a [u8],
}

/// Trains with backpropagation on `threads` threads; the same results as
/// `train_book` (bit for bit in f64) for any number of threads.
pub fn train_fast<F: Real>(
    cfg: &TrainConfig,
    data: &FastData<F>,
    threads: usize,
    mut on_iter: impl FnMut(usize, f64),
    mut on_epoch: impl FnMut(&Epoch),
) -> Result<TrainResult> {
    check_config(cfg, data.x_train.nrows(), data.x_test.nrows())?;
    // The kernels read row k of W1 (PIXELS rows) for every stored position k
    // without a bounds check: sound because every position is below the
    // images' width (PixelRows' construction), checked equal here.
    assert!(
        data.x_train.width() == PIXELS && data.x_test.width() == PIXELS,
        "the fast loop needs images of {PIXELS} pixels"
    );
    let (net, _) = initial_net(cfg);
    let train_size = data.x_train.nrows();
    let iter_per_epoch = f64::max(train_size as f64 / cfg.batch as f64, 1.0);
    let threads = threads.clamp(1, 64);
    let h = cfg.hidden;
    let n = cfg.batch;

    let hidden = split_hidden(h, threads);
    let shared = Shared {
        w1: hidden
            .iter()
            .map(|r| {
                let stride = padded::<F>(r.len());
                let mut block = vec![F::ZERO; PIXELS * stride];
                for (k, row) in net.w1.rows().into_iter().enumerate() {
                    for (j, &v) in row.iter().skip(r.start).take(r.len()).enumerate() {
                        block[k * stride + j] = F::from_f64(v);
                    }
                }
                Buf::from(block)
            })
            .collect(),
        b1: to_buf(net.b1.iter()),
        w2: to_buf(net.w2.iter()),
        w2t: to_buf(net.w2.t().iter()),
        b2: to_buf(net.b2.iter()),
        z1: hidden
            .iter()
            .map(|r| Buf::from(vec![F::ZERO; 2 * n * padded::<F>(r.len())]))
            .collect(),
        da1: hidden
            .iter()
            .map(|r| Buf::from(vec![F::ZERO; n * padded::<F>(r.len())]))
            .collect(),
        dy: Buf::from(vec![F::ZERO; n * CLASSES]),
        y_loss: Buf::from(vec![F::ZERO; n * CLASSES]),
        evaluations: (0..evaluation_count(cfg.iters, iter_per_epoch))
            .map(|_| Evaluation::default())
            .collect(),
        barrier: SpinBarrier::new(threads),
    };
    let plan = Plan {
        cfg: *cfg,
        threads,
        iter_per_epoch,
        hidden,
    };

    let mut train_loss_list = Vec::new();
    let mut epochs = Vec::new();
    let mut failure = None;
    let pieces = Pieces::of(data);
    // Iterations whose evaluation may still be running: (iteration, loss).
    let mut waiting = VecDeque::new();
    // Reports the epochs whose evaluations are finished, in order.
    let mut publish = |waiting: &mut VecDeque<(usize, f64)>, epochs: &mut Vec<Epoch>| {
        while let Some(&(i, loss)) = waiting.front() {
            let Some(right) = shared.evaluations[epochs.len()].finished(pieces.count) else {
                break;
            };
            let e = Epoch {
                epoch: epochs.len(),
                iter: i,
                train_acc: share_right(right[0], train_size),
                test_acc: share_right(right[1], data.x_test.nrows()),
                loss,
            };
            on_epoch(&e);
            epochs.push(e);
            waiting.pop_front();
        }
    };
    // Thread 0 (this one) also records each iteration's loss and the evaluations.
    let mut report = |i: usize, loss: f64| -> bool {
        if let Err(e) = check_loss(i, loss, cfg.lr) {
            failure = Some(e);
            return false;
        }
        train_loss_list.push(loss);
        on_iter(i, loss);
        if (i as f64) % iter_per_epoch == 0.0 {
            waiting.push_back((i, loss));
        }
        publish(&mut waiting, &mut epochs);
        true
    };
    std::thread::scope(|s| {
        for t in 1..threads {
            let (shared, plan) = (&shared, &plan);
            s.spawn(move || {
                let (_, rng) = initial_net(cfg);
                let _poison = PoisonOnPanic(&shared.barrier);
                run_worker(t, plan, data, shared, rng, &mut |_, _| true);
            });
        }
        let _poison = PoisonOnPanic(&shared.barrier);
        run_worker(0, &plan, data, &shared, initial_net(cfg).1, &mut report);
    });
    // Every thread finished the evaluations it started before it ended.
    publish(&mut waiting, &mut epochs);
    debug_assert!(waiting.is_empty(), "every evaluation is finished");
    if let Some(e) = failure {
        return Err(e);
    }
    // SAFETY: the other threads have finished.
    let to64 = |b: &Buf<F>| {
        unsafe { b.read() }
            .iter()
            .map(|v| v.to_f64())
            .collect::<Vec<_>>()
    };
    let net = TwoLayerNet {
        w1: Array2::from_shape_fn((PIXELS, h), |(k, j)| {
            let t = plan
                .hidden
                .iter()
                .position(|r| r.contains(&j))
                .expect("every unit has a thread");
            let r = &plan.hidden[t];
            // SAFETY: the other threads have finished.
            let block = unsafe { shared.w1[t].read() };
            block[k * padded::<F>(r.len()) + j - r.start].to_f64()
        }),
        b1: Array1::from(to64(&shared.b1)),
        w2: Array2::from_shape_vec((h, CLASSES), to64(&shared.w2)).expect("h x 10"),
        b2: Array1::from(to64(&shared.b2)),
        activation: cfg.activation,
    };
    Ok(TrainResult {
        config: *cfg,
        train_loss_list,
        epochs,
        net,
    })
}

/// The book's starting weights, and the generator as it stands after drawing
/// them (ready to draw the batches). Each thread makes its own copy this way.
fn initial_net(cfg: &TrainConfig) -> (TwoLayerNet, Stream) {
    let mut rng = Stream::new(cfg.rng, cfg.seed);
    let net = TwoLayerNet::new(PIXELS, cfg.hidden, CLASSES, cfg.weight_init_std, &mut rng)
        .with_activation(cfg.activation);
    (net, rng)
}

/// How many iterations `i < iters` evaluate (`i % iter_per_epoch == 0`, as the
/// book tests it), found by stepping through the multiples of `iter_per_epoch`:
/// set-up costs one step per evaluation, not one per iteration. An iteration
/// that is an exact multiple is an exact product, so none is missed.
fn evaluation_count(iters: usize, iter_per_epoch: f64) -> usize {
    let mut count = 0;
    for m in 0u64.. {
        let x = m as f64 * iter_per_epoch;
        if x >= iters as f64 {
            break;
        }
        if x.fract() == 0.0 && x % iter_per_epoch == 0.0 {
            count += 1;
        }
    }
    count
}

/// The weights, the batch's intermediate results, and the evaluations.
struct Shared<F> {
    /// W1 by column blocks, one per thread (its hidden units), each row padded
    /// to a whole number of AVX registers: every thread's block is its own
    /// allocation, so threads do not write to each other's cache lines.
    w1: Vec<Buf<F>>,
    b1: Buf<F>,
    w2: Buf<F>,
    /// W2 transposed (10 x hidden), kept alongside W2 for dz1 = dy·W2^T.
    w2t: Buf<F>,
    b2: Buf<F>,
    /// z1 for the batch's images (rows 0..n) and the previous batch's (rows
    /// n..2n, for the loss), one buffer per thread: its hidden units' columns.
    z1: Vec<Buf<F>>,
    /// dA1 for the batch, one buffer per thread: its hidden units' columns.
    da1: Vec<Buf<F>>,
    dy: Buf<F>,
    /// The output for the previous batch's images, for its loss.
    y_loss: Buf<F>,
    /// The evaluations, one per epoch, in order.
    evaluations: Vec<Evaluation>,
    barrier: SpinBarrier,
}

/// Who does what: fixed before the threads start.
struct Plan {
    cfg: TrainConfig,
    threads: usize,
    iter_per_epoch: f64,
    /// Each thread's hidden units.
    hidden: Vec<Range<usize>>,
}

fn run_worker<F: Real>(
    t: usize,
    plan: &Plan,
    data: &FastData<F>,
    shared: &Shared<F>,
    rng: Stream,
    report: &mut dyn FnMut(usize, f64) -> bool,
) {
    #[cfg(target_arch = "x86_64")]
    if crate::engine::sparse::has_fma() {
        // SAFETY: the CPU has AVX2 and FMA, checked on the line above.
        unsafe { worker_fma(t, plan, data, shared, rng, report) };
        return;
    }
    worker(t, plan, data, shared, rng, report);
}

/// The worker compiled for AVX2 and FMA (the same arithmetic, the same bits).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn worker_fma<F: Real>(
    t: usize,
    plan: &Plan,
    data: &FastData<F>,
    shared: &Shared<F>,
    rng: Stream,
    report: &mut dyn FnMut(usize, f64) -> bool,
) {
    worker(t, plan, data, shared, rng, report)
}

/// Thread t's part of every iteration. Every thread draws the same batches from
/// its own copy of the generator, so no one has to hand them out.
#[inline(always)]
fn worker<F: Real>(
    t: usize,
    plan: &Plan,
    data: &FastData<F>,
    shared: &Shared<F>,
    mut rng: Stream,
    report: &mut dyn FnMut(usize, f64) -> bool,
) {
    let cfg = &plan.cfg;
    let (n, h) = (cfg.batch, cfg.hidden);
    let lr = F::from_f64(cfg.lr);
    let train_size = data.x_train.nrows();
    let my_rows = share(n, plan.threads, t);
    let mine = plan.hidden[t].clone();
    let width = mine.len();
    let stride = padded::<F>(width);
    // np.random.choice(train_size, batch_size), as the chapter's loop draws it
    let draw = |rng: &mut Stream| -> Vec<usize> { rng.choice(train_size, n) };
    // Each batch is drawn two iterations early: where its images start is
    // fetched from memory (a hint to the CPU) then, and the images themselves
    // one iteration early, while the current batch is computed. The draws come
    // in the same order, so the batches are the same.
    let mut next = if cfg.iters > 0 {
        draw(&mut rng)
    } else {
        Vec::new()
    };
    let mut after = if cfg.iters > 1 {
        draw(&mut rng)
    } else {
        Vec::new()
    };
    data.x_train.prefetch_rows(&next);
    data.x_train.prefetch_starts(&after);
    let mut batch = Vec::new();
    let mut prev;
    let mut row = RowScratch::new(h);
    let mut pair_z1 = [vec![F::ZERO; h], vec![F::ZERO; h]];
    let act = plan.cfg.activation;
    let mut evaluator = Evaluator::new(data, h, act);
    let mut evaluations = shared.evaluations.iter();
    let mut grad = Gradient::new(stride);
    let mut stop = false;
    for i in 0..=cfg.iters {
        prev = std::mem::replace(&mut batch, std::mem::take(&mut next));
        next = std::mem::take(&mut after);
        if i + 2 < cfg.iters {
            after = draw(&mut rng);
            data.x_train.prefetch_starts(&after);
        }
        let evaluate = i > 0 && ((i - 1) as f64) % plan.iter_per_epoch == 0.0;
        // Images of this batch (rows 0..n), then of the previous one (n..2n).
        let image = |r: usize| if r < n { batch[r] } else { prev[r - n] };
        let rows = if i == 0 {
            0..n
        } else if i == cfg.iters {
            n..2 * n
        } else {
            0..2 * n
        };

        // Phase 1, with the weights after step i - 1: this thread's hidden units
        // for every image, z1 = sigmoid(x·W1 + b1). Reads only this thread's
        // weights (another may still be taking its step i - 1) and writes its z1.
        if !stop {
            // SAFETY: this thread's block of W1, its entries of b1 and z1[t] are
            // written only by this thread.
            let (w1, b1, z1) = unsafe {
                (
                    shared.w1[t].read(),
                    shared.b1.read_range(mine.clone()),
                    shared.z1[t].write(0..2 * n * stride),
                )
            };
            for r in rows.clone() {
                if let Some(&ahead) = next.get(r / 2).filter(|_| r % 2 == 0) {
                    data.x_train.prefetch_row(ahead);
                }
                let z1_r = &mut z1[r * stride..r * stride + width];
                z1_r.fill(F::ZERO);
                row_terms_entries(data.x_train.entries(image(r)), w1, stride, 0..width, z1_r);
                for (z, &b) in z1_r.iter_mut().zip(b1) {
                    *z = hidden(act, *z + b);
                }
            }
        }
        // Every thread has finished step i - 1 once all are here.
        if evaluator.wait(&shared.barrier, data) {
            break;
        }

        // Phase 2: the output layer for this thread's images; for this batch also
        // dy and dA1; at the start of an epoch, a copy of the weights for its
        // evaluation. Writes its images' rows of dy, y_loss and (all threads')
        // dA1.
        {
            // SAFETY: the weights and z1 are only read in phase 2; rows `my_rows`
            // of dy, y_loss and every dA1 are this thread's.
            let (w, z1) = unsafe {
                (
                    Weights::of(shared),
                    shared.z1.iter().map(|b| b.read()).collect::<Vec<_>>(),
                )
            };
            // two images at a time: their output layers' sums run side by side
            let my_images: Vec<usize> = my_rows
                .clone()
                .chain(my_rows.start + n..my_rows.end + n)
                .filter(|r| rows.contains(r))
                .collect();
            for pair in my_images.chunks(2) {
                // each image's z1, from each thread's columns
                for (&r, z1_r) in pair.iter().zip(&mut pair_z1) {
                    for (z, range) in z1.iter().zip(&plan.hidden) {
                        let at = r * padded::<F>(range.len());
                        z1_r[range.clone()].copy_from_slice(&z[at..at + range.len()]);
                    }
                }
                let ys = match pair {
                    [_, _] => output_layers(w.w2, w.b2, [&pair_z1[0], &pair_z1[1]]),
                    _ => [output_layer(w.w2, w.b2, &pair_z1[0]); 2],
                };
                for ((&r, y), z1_r) in pair.iter().zip(&ys).zip(&pair_z1) {
                    if r < n {
                        // SAFETY: row r of dy and of each dA1 is this thread's.
                        let dy = unsafe { shared.dy.write(r * CLASSES..(r + 1) * CLASSES) };
                        let label = data.t_train[image(r)] as usize;
                        backward_row(&w, act, y, label, n, z1_r, dy, &mut row.a1, &mut row.dz1);
                        for (buf, range) in shared.da1.iter().zip(&plan.hidden) {
                            let at = r * padded::<F>(range.len());
                            let da1 = unsafe { buf.write(at..at + range.len()) };
                            da1.copy_from_slice(&row.a1[range.clone()]);
                        }
                    } else {
                        let y_loss = unsafe {
                            shared
                                .y_loss
                                .write((r - n) * CLASSES..(r - n + 1) * CLASSES)
                        };
                        y_loss.copy_from_slice(y);
                    }
                }
            }
            if evaluate {
                // What is left of the last evaluation first, then a copy of
                // the weights after step i - 1 for this one: its images are
                // evaluated a few at a time whenever a thread would wait at a
                // barrier, and what is left at the next one (or the end).
                evaluator.finish(data);
                evaluator.start(evaluations.next(), &w, &plan.hidden);
            }
        }
        evaluator.wait(&shared.barrier, data);

        // Phase 3: thread 0 records iteration i - 1; each thread takes step i for
        // its hidden units.
        if t == 0 && i > 0 {
            // SAFETY: nobody writes y_loss in phase 3.
            let y = unsafe { shared.y_loss.read() };
            stop = !report(i - 1, batch_loss(y, &prev, data.t_train));
        }
        if i < cfg.iters && !stop {
            // SAFETY: in phase 3 dA1 and dy are only read, z1[t] only by this
            // thread, and this thread writes only its hidden units' columns of
            // W1, rows of W2 (columns of W2^T) and entries of b1, and (thread 0)
            // b2. Another thread may already be in the next phase 1, where it
            // touches only its own z1, block of W1 and entries of b1.
            unsafe {
                let (z1, da1, dy) = (shared.z1[t].read(), shared.da1[t].read(), shared.dy.read());
                // W1 -= lr · x^T·dA1 for this thread's columns: each image in
                // batch order adds x[k] · dA1 to the gradient row of each of its
                // pixels k, so each entry adds the images in the book's order
                for (r, &img) in batch.iter().enumerate() {
                    grad.add(
                        data.x_train.entries(img),
                        &da1[r * stride..(r + 1) * stride],
                    );
                }
                let w1 = shared.w1[t].write(0..PIXELS * stride);
                grad.step(w1, lr);
                // W2 -= lr · z1^T·dy and b1 -= lr · Σ dA1 for this thread's units
                let w2 = shared.w2.write(mine.start * CLASSES..mine.end * CLASSES);
                let b1 = shared.b1.write(mine.clone());
                for (at, j) in mine.clone().enumerate() {
                    let mut g2 = [F::ZERO; CLASSES];
                    let mut g1 = F::ZERO;
                    for r in 0..n {
                        let z = z1[r * stride + at];
                        for (g, &d) in g2.iter_mut().zip(&dy[r * CLASSES..(r + 1) * CLASSES]) {
                            *g = z.mul_add(d, *g);
                        }
                        g1 = g1 + da1[r * stride + at];
                    }
                    for (c, g) in g2.iter().enumerate() {
                        let p = &mut w2[at * CLASSES + c];
                        *p = *p - lr * *g;
                        shared.w2t.set(c * h + j, *p);
                    }
                    b1[at] = b1[at] - lr * g1;
                }
                if t == 0 {
                    let b2 = shared.b2.write(0..CLASSES);
                    let sums = column_sums(dy, CLASSES);
                    for (p, g) in b2.iter_mut().zip(sums) {
                        *p = *p - lr * g;
                    }
                }
            }
        }
        if t == 0 && stop {
            // the others stop at the next barrier, and so does this thread
            shared.barrier.stop();
        }
    }
    evaluator.finish(data);
}

/// Images per piece of an evaluation: a few microseconds of work, so that a
/// thread that takes one while it waits does not hold the others up long.
const PIECE: usize = 8;

/// An evaluation's images cut into pieces: first the training set's, then the
/// test set's.
#[derive(Clone, Copy)]
struct Pieces {
    train: usize,
    count: usize,
}

impl Pieces {
    fn of<F: Real>(data: &FastData<F>) -> Self {
        let train = data.x_train.nrows().div_ceil(PIECE);
        Pieces {
            train,
            count: train + data.x_test.nrows().div_ceil(PIECE),
        }
    }
}

/// One evaluation: the accuracy on both sets with the weights of one
/// iteration. Its pieces go to whichever thread takes them first; the counts
/// of right answers do not depend on who counted what.
#[derive(Default)]
struct Evaluation {
    /// The next piece to take.
    next: AtomicUsize,
    /// Pieces finished, and the right answers on the training and test sets.
    done: AtomicUsize,
    right: [AtomicUsize; 2],
}

impl Evaluation {
    /// The right answers once every piece is finished.
    fn finished(&self, pieces: usize) -> Option<[usize; 2]> {
        (self.done.load(Ordering::Acquire) == pieces)
            .then(|| self.right.each_ref().map(|r| r.load(Ordering::Relaxed)))
    }
}

/// One thread's part in the evaluations: a copy of the weights the current one
/// uses (W1 as whole rows, for one pass over each image's pixels), and the
/// evaluation it may still take pieces of.
struct Evaluator<'a, F> {
    pending: Option<&'a Evaluation>,
    pieces: Pieces,
    w1: Lines<F>,
    b1: Vec<F>,
    w2: Vec<F>,
    b2: Vec<F>,
    row: RowScratch<F>,
    act: Activation,
}

impl<'a, F: Real> Evaluator<'a, F> {
    fn new(data: &FastData<F>, h: usize, act: Activation) -> Self {
        Evaluator {
            act,
            pending: None,
            pieces: Pieces::of(data),
            w1: Lines::zeros(PIXELS * padded::<F>(h)),
            b1: vec![F::ZERO; h],
            w2: vec![F::ZERO; h * CLASSES],
            b2: vec![F::ZERO; CLASSES],
            row: RowScratch::new(h),
        }
    }

    /// Starts taking part in `evaluation`, with a copy of the weights `w`.
    #[inline(always)]
    fn start(
        &mut self,
        evaluation: Option<&'a Evaluation>,
        w: &Weights<F>,
        hidden: &[Range<usize>],
    ) {
        let h = self.b1.len();
        for (w1, range) in w.w1.iter().zip(hidden) {
            let stride = padded::<F>(range.len());
            for (k, full) in self.w1.chunks_exact_mut(padded::<F>(h)).enumerate() {
                full[range.clone()].copy_from_slice(&w1[k * stride..k * stride + range.len()]);
            }
        }
        self.b1.copy_from_slice(w.b1);
        self.w2.copy_from_slice(w.w2);
        self.b2.copy_from_slice(w.b2);
        self.pending = evaluation;
    }

    /// Waits at the barrier for the other threads, evaluating pieces meanwhile;
    /// true if the loop is to stop.
    #[inline(always)]
    fn wait(&mut self, barrier: &SpinBarrier, data: &FastData<F>) -> bool {
        let arrival = barrier.arrive();
        let mut spins = 0;
        while !barrier.is_open(arrival) {
            if !self.piece(data) {
                barrier.pause(&mut spins);
            }
        }
        barrier.stopped()
    }

    /// Takes the pieces that are left until there are none.
    #[inline(always)]
    fn finish(&mut self, data: &FastData<F>) {
        while self.piece(data) {}
    }

    /// Takes one piece, if any is left, and evaluates its images; false if
    /// there was none.
    #[inline(always)]
    fn piece(&mut self, data: &FastData<F>) -> bool {
        let Some(evaluation) = self.pending else {
            return false;
        };
        let count = self.pieces.count;
        if evaluation.next.load(Ordering::Relaxed) >= count {
            self.pending = None;
            return false;
        }
        let piece = evaluation.next.fetch_add(1, Ordering::Relaxed);
        if piece >= count {
            self.pending = None;
            return false;
        }
        let (set, x, labels, first) = if piece < self.pieces.train {
            (0, &data.x_train, data.t_train, piece * PIECE)
        } else {
            (
                1,
                &data.x_test,
                data.t_test,
                (piece - self.pieces.train) * PIECE,
            )
        };
        let h = self.b1.len();
        let row = &mut self.row;
        let mut right = 0;
        let end = (first + PIECE).min(x.nrows());
        for (img, &label) in (first..end).zip(&labels[first..end]) {
            row.a1.fill(F::ZERO);
            row_terms_entries(x.entries(img), &self.w1, padded::<F>(h), 0..h, &mut row.a1);
            for ((z, &a), &b) in row.z1.iter_mut().zip(&row.a1).zip(&self.b1) {
                *z = hidden(self.act, a + b);
            }
            let y = output_layer(&self.w2, &self.b2, &row.z1);
            right += usize::from(argmax(&y) == label as usize);
        }
        evaluation.right[set].fetch_add(right, Ordering::Relaxed);
        evaluation.done.fetch_add(1, Ordering::Release);
        true
    }
}

/// The gradient of this thread's columns of W1 for one batch, one row per
/// pixel, built by adding each image's pixels in turn; rows no image touched
/// stay zero and are skipped.
struct Gradient<F> {
    stride: usize,
    rows: Lines<F>,
    touched: Vec<bool>,
}

impl<F: Real> Gradient<F> {
    fn new(stride: usize) -> Self {
        Gradient {
            stride,
            rows: Lines::zeros(PIXELS * stride),
            touched: vec![false; PIXELS],
        }
    }

    /// Adds x[k] · d to row k for each nonzero pixel k of one image.
    #[inline(always)]
    fn add(&mut self, entries: impl Iterator<Item = (usize, F)>, d: &[F]) {
        match self.stride {
            24 => self.add_block::<24>(entries, d),
            28 => self.add_block::<28>(entries, d),
            32 => self.add_block::<32>(entries, d),
            _ => {
                for (k, v) in entries {
                    self.touched[k] = true;
                    let g = &mut self.rows[k * self.stride..(k + 1) * self.stride];
                    for (g, &d) in g.iter_mut().zip(d) {
                        *g = v.mul_add(d, *g);
                    }
                }
            }
        }
    }

    #[inline(always)]
    fn add_block<const B: usize>(&mut self, entries: impl Iterator<Item = (usize, F)>, d: &[F]) {
        let d: [F; B] = d.try_into().unwrap();
        assert_eq!(self.rows.len(), PIXELS * B);
        let rows = self.rows.as_mut_ptr();
        for (k, v) in entries {
            // Every position is below PIXELS by construction (PixelRows' width,
            // which train_fast checks is PIXELS), so `min`
            // never changes k: it only lets the compiler drop the check.
            debug_assert!(k < PIXELS);
            let k = k.min(PIXELS - 1);
            self.touched[k] = true;
            // SAFETY: k < PIXELS (the `min` above), so (k + 1) * B <= PIXELS * B,
            // the rows' length (asserted above).
            let g = unsafe { &mut *rows.add(k * B).cast::<[F; B]>() };
            for j in 0..B {
                g[j] = v.mul_add(d[j], g[j]);
            }
        }
    }

    /// W1 -= lr · gradient on the touched rows, and the gradient back to zero.
    #[inline(always)]
    fn step(&mut self, w1: &mut [F], lr: F) {
        let b = self.stride;
        for k in 0..PIXELS {
            if std::mem::take(&mut self.touched[k]) {
                for (p, g) in w1[k * b..(k + 1) * b]
                    .iter_mut()
                    .zip(&mut self.rows[k * b..(k + 1) * b])
                {
                    *p = *p - lr * *g;
                    *g = F::ZERO;
                }
            }
        }
    }
}

/// The sigmoid, 1 / (1 + exp(-a)).
#[inline(always)]
fn sigmoid<F: Real>(a: F) -> F {
    F::ONE / (F::ONE + (-a).exp())
}

/// The hidden layer's h(a): the sigmoid, or ReLU (a for a > 0, else 0), as
/// `common::functions` computes them.
#[inline(always)]
fn hidden<F: Real>(act: Activation, a: F) -> F {
    match act {
        Activation::Sigmoid => sigmoid(a),
        Activation::Relu => {
            if a > F::ZERO {
                a
            } else {
                F::ZERO
            }
        }
    }
}

/// A row of `width` values padded to whole 32-byte AVX registers (8 f32 or 4 f64).
fn padded<F>(width: usize) -> usize {
    let lanes = 32 / std::mem::size_of::<F>();
    width.div_ceil(lanes) * lanes
}

/// Cuts 0..h into one range per thread, at multiples of 4 where it can (four
/// f64 fill one AVX register).
pub(crate) fn split_hidden(h: usize, threads: usize) -> Vec<Range<usize>> {
    let cut = |t: usize| {
        let c = h * t / threads;
        if h >= 4 * threads { c - c % 4 } else { c }
    };
    (0..threads)
        .map(|t| cut(t)..if t + 1 == threads { h } else { cut(t + 1) })
        .collect()
}

/// right / n, or 0 for no images (as `accuracy_rows`).
fn share_right(right: usize, n: usize) -> f64 {
    if n == 0 { 0.0 } else { right as f64 / n as f64 }
}

/// Sums over the rows (axis 0), adding one row after another from zero.
fn column_sums<F: Real>(a: &[F], width: usize) -> Vec<F> {
    let mut sums = vec![F::ZERO; width];
    for row in a.chunks_exact(width) {
        for (s, &v) in sums.iter_mut().zip(row) {
            *s = *s + v;
        }
    }
    sums
}

/// The weights, read-only, for one phase.
struct Weights<'a, F> {
    w1: Vec<&'a [F]>,
    b1: &'a [F],
    w2: &'a [F],
    w2t: &'a [F],
    b2: &'a [F],
    h: usize,
}

impl<'a, F: Real> Weights<'a, F> {
    /// # Safety
    /// No thread may write the weights while these are alive.
    unsafe fn of(s: &'a Shared<F>) -> Self {
        unsafe {
            Weights {
                w1: s.w1.iter().map(|b| b.read()).collect(),
                b1: s.b1.read(),
                w2: s.w2.read(),
                w2t: s.w2t.read(),
                b2: s.b2.read(),
                h: s.b1.len,
            }
        }
    }
}

/// One thread's buffers for a forward pass of one image.
struct RowScratch<F> {
    a1: Vec<F>,
    z1: Vec<F>,
    dz1: Vec<F>,
}

impl<F: Real> RowScratch<F> {
    fn new(h: usize) -> Self {
        RowScratch {
            a1: vec![F::ZERO; h],
            z1: vec![F::ZERO; h],
            dz1: vec![F::ZERO; h],
        }
    }
}

/// The output layer for one image, as `two_layer_net::forward` computes it:
/// y = softmax(z1·W2 + b2).
#[inline(always)]
fn output_layer<F: Real>(w2: &[F], b2: &[F], z1: &[F]) -> [F; CLASSES] {
    output_layers(w2, b2, [z1])[0]
}

/// The output layer for M images at once: each image's sums are added in the
/// same order as for one, but M of them run side by side, so the processor
/// need not wait for each addition before the next.
#[inline(always)]
fn output_layers<const M: usize, F: Real>(w2: &[F], b2: &[F], z1: [&[F]; M]) -> [[F; CLASSES]; M] {
    let mut a2 = [[F::ZERO; CLASSES]; M];
    for (k, w2_k) in w2.chunks_exact(CLASSES).enumerate() {
        for (acc, z1) in a2.iter_mut().zip(&z1) {
            let z = z1[k];
            for (acc, &w) in acc.iter_mut().zip(w2_k) {
                *acc = z.mul_add(w, *acc);
            }
        }
    }
    // a plain loop: code in a closure would not be compiled for FMA
    for a2 in a2.iter_mut() {
        for (a, &b) in a2.iter_mut().zip(b2) {
            *a = *a + b;
        }
        // softmax, less the row's largest value first
        let mut c = F::NEG_INFINITY;
        for &v in a2.iter() {
            c = c.max(v);
        }
        for a in a2.iter_mut() {
            *a = (*a - c).exp();
        }
        let sum = np_sum(&a2[..]);
        for a in a2.iter_mut() {
            *a = *a / sum;
        }
    }
    a2
}

/// The backward pass for one image of the batch: dy = (y - t) / N, then
/// dz1 = dy·W2^T and dA1 = (1 - z1) z1 dz1.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn backward_row<F: Real>(
    w: &Weights<F>,
    act: Activation,
    y: &[F; CLASSES],
    label: usize,
    n: usize,
    z1: &[F],
    dy: &mut [F],
    da1: &mut [F],
    dz1: &mut [F],
) {
    let batch_num = F::from_f64(n as f64);
    for (c, (d, &p)) in dy.iter_mut().zip(y).enumerate() {
        let t = if c == label { F::ONE } else { F::ZERO };
        *d = (p - t) / batch_num;
    }
    dz1.fill(F::ZERO);
    for (&d, w2t_c) in dy.iter().zip(w.w2t.chunks_exact(w.h)) {
        for (acc, &w) in dz1.iter_mut().zip(w2t_c) {
            *acc = d.mul_add(w, *acc);
        }
    }
    for ((a, &z), &d) in da1.iter_mut().zip(z1).zip(dz1.iter()) {
        *a = match act {
            Activation::Sigmoid => (F::ONE - z) * z * d,
            // relu_grad(a1) * dz1: relu(a) > 0 exactly when a > 0
            Activation::Relu => (if z > F::ZERO { F::ONE } else { F::ZERO }) * d,
        };
    }
}

/// The first index of the largest value, like `np.argmax`.
#[inline(always)]
fn argmax<F: Real>(y: &[F]) -> usize {
    let mut best = 0;
    for (k, &v) in y.iter().enumerate() {
        if v > y[best] {
            best = k;
        }
    }
    best
}

/// The book's loss of a batch, from its outputs: the same bits as
/// `cross_entropy_error_batch(y, one_hot)` (in f64, as `loss_rows`), but with a
/// logarithm only where t is 1. Where t is 0 the book's product t·log(y + 1e-7)
/// is a zero whose sign is the logarithm's, and the zeros go into the same sum.
fn batch_loss<F: Real>(y: &[F], rows: &[usize], labels: &[u8]) -> f64 {
    let mut terms = Vec::with_capacity(y.len());
    for (y_r, &i) in y.chunks_exact(CLASSES).zip(rows) {
        for (c, &v) in y_r.iter().enumerate() {
            let v = v.to_f64() + crate::ch04::loss::DELTA;
            terms.push(if c == labels[i] as usize {
                v.ln()
            } else if v.is_finite() && v > 0.0 {
                // 0 · log(v): -0 below 1, where the logarithm is negative
                if v < 1.0 { -0.0 } else { 0.0 }
            } else {
                0.0 * v.ln()
            });
        }
    }
    -np_sum(&terms) / rows.len() as f64
}

/// Part t of 0..n cut into `parts` nearly equal ranges.
fn share(n: usize, parts: usize, t: usize) -> Range<usize> {
    n * t / parts..n * (t + 1) / parts
}

/// The size of a cache line, in bytes.
const LINE: usize = 64;

/// How many values from `p` to the next cache-line boundary. Rows of a whole
/// number of AVX registers that start there are never split between two
/// lines, which would cost the processor two loads instead of one.
fn line_start<T>(p: *const T) -> usize {
    p.align_offset(LINE).min(LINE / size_of::<T>())
}

/// `len` zeros that start at a cache-line boundary (see `line_start`).
struct Lines<F> {
    values: Vec<F>,
    at: usize,
    len: usize,
}

impl<F: Real> Lines<F> {
    fn zeros(len: usize) -> Self {
        let values = vec![F::ZERO; len + LINE / size_of::<F>()];
        let at = line_start(values.as_ptr());
        Lines { values, at, len }
    }
}

impl<F> std::ops::Deref for Lines<F> {
    type Target = [F];
    fn deref(&self) -> &[F] {
        &self.values[self.at..self.at + self.len]
    }
}

impl<F> std::ops::DerefMut for Lines<F> {
    fn deref_mut(&mut self) -> &mut [F] {
        &mut self.values[self.at..self.at + self.len]
    }
}

/// A buffer the threads share; what each may touch in each phase is set out in
/// `worker`, and the barrier between phases orders the writes before the reads.
struct Buf<F> {
    cells: Box<[UnsafeCell<F>]>,
    /// Where the values start: the first cache-line boundary in `cells`.
    at: usize,
    len: usize,
}

// SAFETY: access is coordinated by the phases and barriers described above.
unsafe impl<F: Send + Sync> Sync for Buf<F> {}

/// The values in precision F, in a new shared buffer.
fn to_buf<'a, F: Real>(values: impl Iterator<Item = &'a f64>) -> Buf<F> {
    Buf::from(values.map(|&v| F::from_f64(v)).collect::<Vec<F>>())
}

impl<F: Real> From<Vec<F>> for Buf<F> {
    fn from(v: Vec<F>) -> Self {
        let len = v.len();
        let cells: Box<[UnsafeCell<F>]> = (0..len + LINE / size_of::<F>())
            .map(|_| UnsafeCell::new(F::ZERO))
            .collect();
        let at = line_start(cells.as_ptr());
        // SAFETY: the cells are new and `at + len` is inside them.
        unsafe { std::slice::from_raw_parts_mut(UnsafeCell::raw_get(cells.as_ptr()).add(at), len) }
            .copy_from_slice(&v);
        Buf { cells, at, len }
    }
}

impl<F> Buf<F> {
    fn ptr(&self) -> *mut F {
        // UnsafeCell<F> has the same layout as F.
        // SAFETY: `at` is inside the cells (see `from`).
        unsafe { UnsafeCell::raw_get(self.cells.as_ptr()).add(self.at) }
    }

    /// # Safety
    /// Nobody may write `range` while the slice is alive.
    unsafe fn read_range(&self, range: Range<usize>) -> &[F] {
        assert!(range.start <= range.end && range.end <= self.len);
        unsafe { std::slice::from_raw_parts(self.ptr().add(range.start), range.len()) }
    }

    /// # Safety
    /// Nobody may write the buffer while the slice is alive.
    unsafe fn read(&self) -> &[F] {
        unsafe { std::slice::from_raw_parts(self.ptr(), self.len) }
    }

    /// # Safety
    /// Nobody else may read or write `range` while the slice is alive.
    #[allow(clippy::mut_from_ref)]
    unsafe fn write(&self, range: Range<usize>) -> &mut [F] {
        assert!(range.start <= range.end && range.end <= self.len);
        unsafe { std::slice::from_raw_parts_mut(self.ptr().add(range.start), range.len()) }
    }

    /// # Safety
    /// Nobody else may read or write entry `i` meanwhile.
    unsafe fn set(&self, i: usize, v: F) {
        assert!(i < self.len);
        unsafe { self.ptr().add(i).write(v) }
    }
}

/// Threads wait here for each other between phases, spinning (a phase lasts
/// tens of microseconds, much less than putting a thread to sleep and waking it).
struct SpinBarrier {
    threads: usize,
    arrived: AtomicUsize,
    generation: AtomicUsize,
    stopped: AtomicBool,
    poisoned: AtomicBool,
}

impl SpinBarrier {
    fn new(threads: usize) -> Self {
        SpinBarrier {
            threads,
            arrived: AtomicUsize::new(0),
            generation: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
            poisoned: AtomicBool::new(false),
        }
    }

    /// This thread is here: the barrier opens once every thread has arrived.
    fn arrive(&self) -> Arrival {
        let generation = self.generation.load(Ordering::Acquire);
        if self.arrived.fetch_add(1, Ordering::AcqRel) + 1 == self.threads {
            self.arrived.store(0, Ordering::Relaxed);
            self.generation.fetch_add(1, Ordering::Release);
        }
        Arrival(generation)
    }

    /// Whether every thread has arrived since `arrival`.
    fn is_open(&self, arrival: Arrival) -> bool {
        self.generation.load(Ordering::Acquire) != arrival.0
    }

    /// A moment's wait before looking again.
    fn pause(&self, spins: &mut u32) {
        if self.poisoned.load(Ordering::Relaxed) {
            panic!("another training thread panicked");
        }
        // On a busy machine give the core away rather than spin on.
        if *spins < 20_000 {
            *spins += 1;
            std::hint::spin_loop();
        } else {
            std::thread::yield_now();
        }
    }

    /// Whether the loop is to stop (read after the barrier opens).
    fn stopped(&self) -> bool {
        self.stopped.load(Ordering::Acquire)
    }

    /// Makes the next `wait` return true for every thread.
    fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
    }
}

/// Where the barrier stood when a thread arrived.
#[derive(Clone, Copy)]
struct Arrival(usize);

/// Marks the barrier poisoned if its thread panics, so the others stop waiting.
struct PoisonOnPanic<'a>(&'a SpinBarrier);

impl Drop for PoisonOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.poisoned.store(true, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ch04::loss::cross_entropy_error_batch;

    #[test]
    fn buffers_start_at_a_cache_line_and_keep_their_values() {
        for len in [0, 1, 7, 50, 784 * 24] {
            let lines = Lines::<f32>::zeros(len);
            assert_eq!(lines.len(), len);
            assert!(lines.iter().all(|&v| v == 0.0));
            assert_eq!(lines.as_ptr() as usize % LINE, 0);
            let values: Vec<f64> = (0..len).map(|v| v as f64 + 0.5).collect();
            let buf = Buf::from(values.clone());
            // SAFETY: nobody else has the buffer.
            let read = unsafe { buf.read() };
            assert_eq!(read, &values[..]);
            assert_eq!(read.as_ptr() as usize % LINE, 0);
        }
    }

    #[test]
    fn evaluations_are_counted_without_a_step_per_iteration() {
        for (iters, ipe) in [
            (10_000, 600.0),
            (1000, 468.75),
            (50, 1.0),
            (7, 2.5),
            (1, 3.0),
        ] {
            let each = (0..iters).filter(|&i| (i as f64) % ipe == 0.0).count();
            assert_eq!(evaluation_count(iters, ipe), each, "{iters} {ipe}");
        }
    }

    #[test]
    fn work_is_shared_out_whole() {
        assert_eq!(split_hidden(50, 2), vec![0..24, 24..50]);
        assert_eq!(split_hidden(50, 1), vec![0..50]);
        assert_eq!(split_hidden(7, 3), vec![0..2, 2..4, 4..7]);
        assert_eq!(split_hidden(100, 3), vec![0..32, 32..64, 64..100]);
        assert_eq!(share(100, 2, 0), 0..50);
        assert_eq!(share(1, 2, 0), 0..0);
        assert_eq!(share(1, 2, 1), 0..1);
        assert_eq!(padded::<f64>(26), 28);
        assert_eq!(padded::<f32>(26), 32);
        assert_eq!(padded::<f32>(24), 24);
    }

    #[test]
    fn sigmoid_and_the_output_layer_are_the_chapters() {
        use rand::SeedableRng;
        for a in [
            -800.0, -40.0, -3.5, -1e-9, 0.0, 1e-9, 0.7, 12.0, 36.8, 800.0,
        ] {
            assert_eq!(
                sigmoid::<f64>(a).to_bits(),
                crate::common::functions::sigmoid(a).to_bits(),
                "{a}"
            );
        }
        // one image through the output layer: the chapter's softmax(z1·W2 + b2)
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(9);
        let (z1, _) = crate::common::mnist::toy_batch(3, 7, CLASSES, &mut rng);
        let (w2, _) = crate::common::mnist::toy_batch(7, CLASSES, CLASSES, &mut rng);
        let b2 = Array1::from_shape_fn(CLASSES, |k| k as f64 * 0.1 - 0.4);
        for (r, row) in z1.rows().into_iter().enumerate() {
            let y = output_layer(
                w2.as_slice().unwrap(),
                b2.as_slice().unwrap(),
                row.as_slice().unwrap(),
            );
            let a2 = crate::common::numpy::dot(row.insert_axis(ndarray::Axis(0)), w2.view()) + &b2;
            let want = crate::common::functions::softmax(&a2);
            for k in 0..CLASSES {
                assert_eq!(y[k].to_bits(), want[[0, k]].to_bits(), "row {r} class {k}");
            }
        }
    }

    #[test]
    fn batch_loss_is_the_books_cross_entropy() {
        use rand::rngs::ChaCha8Rng;
        use rand::{RngExt, SeedableRng};
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let labels: Vec<u8> = (0..40).map(|i| (i % 10) as u8).collect();
        for n in [1, 7, 13, 100] {
            let rows: Vec<usize> = (0..n).map(|_| rng.random_range(0..40)).collect();
            let mut y: Vec<f64> = (0..n * CLASSES)
                .map(|_| rng.random_range(0.0..1.0))
                .collect();
            // edge cases: 0, 1, just below 1 (log rounds to 0) and a NaN
            y[0] = 0.0;
            if n > 1 {
                y[1] = 1.0;
                y[2] = 1.0 - 1e-7;
            }
            let book = cross_entropy_error_batch(
                &Array2::from_shape_vec((n, CLASSES), y.clone()).unwrap(),
                &crate::common::mnist::one_hot_rows(&labels, &rows),
            );
            assert_eq!(
                batch_loss(&y, &rows, &labels).to_bits(),
                book.to_bits(),
                "n = {n}"
            );
            let y32: Vec<f32> = y.iter().map(|&v| v as f32).collect();
            let book32 = cross_entropy_error_batch(
                &Array2::from_shape_fn((n, CLASSES), |(r, c)| y32[r * CLASSES + c] as f64),
                &crate::common::mnist::one_hot_rows(&labels, &rows),
            );
            assert_eq!(batch_loss(&y32, &rows, &labels).to_bits(), book32.to_bits());
            y[3 % (n * CLASSES)] = f64::NAN;
            assert!(batch_loss(&y, &rows, &labels).is_nan());
        }
    }

    #[test]
    fn column_sums_add_the_rows_in_order() {
        let a = [1.0, 2.0, 1e16, 3.0, -1e16, 4.0];
        // (0 + 1) + 1e16 - 1e16 = 0 for the first column: the order shows
        assert_eq!(column_sums(&a, 2), vec![0.0, 9.0]);
    }
}
