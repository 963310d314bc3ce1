//! Where the random numbers come from. The chapter draws two kinds: normal
//! weights (`np.random.randn`) and mini-batch indices (`np.random.choice`).
//! Either stream gives both:
//!
//! - ChaCha8 (`rand`'s `ChaCha8Rng`), the default: a modern generator whose
//!   stream for a seed is promised to stay the same across `rand` versions;
//! - NumPy's legacy stream ([`RandomState`]): `np.random.seed(0)` in the
//!   book's Python and `--rng numpy` here give the same weights and batches.

use ndarray::Array2;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};

use crate::common::numpy_random::RandomState;

/// Which stream a run draws from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RngKind {
    /// `ChaCha8Rng::seed_from_u64(seed)`.
    #[default]
    ChaCha8,
    /// `np.random.seed(seed)`: NumPy's legacy MT19937 stream.
    NumPy,
}

/// The two draws the chapter needs; both streams implement them.
pub trait Random {
    /// One standard normal number: `np.random.randn()`.
    fn randn(&mut self) -> f64;

    /// One index below n, each equally likely: one entry of `np.random.choice(n, k)`.
    fn index(&mut self, n: usize) -> usize;

    /// `np.random.randn(rows, cols)`, filled row by row as NumPy fills it.
    fn randn_array(&mut self, shape: (usize, usize)) -> Array2<f64>
    where
        Self: Sized,
    {
        Array2::from_shape_simple_fn(shape, || self.randn())
    }

    /// `np.random.choice(n, k)`: k indices below n, with replacement.
    fn choice(&mut self, n: usize, k: usize) -> Vec<usize>
    where
        Self: Sized,
    {
        (0..k).map(|_| self.index(n)).collect()
    }
}

impl Random for ChaCha8Rng {
    fn randn(&mut self) -> f64 {
        StandardNormal.sample(self)
    }

    fn index(&mut self, n: usize) -> usize {
        self.random_range(0..n)
    }
}

impl Random for RandomState {
    fn randn(&mut self) -> f64 {
        RandomState::randn(self)
    }

    fn index(&mut self, n: usize) -> usize {
        self.randint(n as u64) as usize
    }
}

/// A seeded stream of either kind.
// A run makes one stream (one per worker) and keeps it: that NumPy's 2.5 kB
// state makes every Stream that size costs nothing worth a Box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Stream {
    ChaCha8(ChaCha8Rng),
    NumPy(RandomState),
}

impl Stream {
    /// The stream `kind` seeded with `seed`. NumPy takes seeds below 2^32
    /// only; [`check_seed`] says so before a run starts.
    pub fn new(kind: RngKind, seed: u64) -> Self {
        match kind {
            RngKind::ChaCha8 => Stream::ChaCha8(ChaCha8Rng::seed_from_u64(seed)),
            RngKind::NumPy => Stream::NumPy(RandomState::new(seed as u32)),
        }
    }
}

/// NumPy refuses seeds outside 0..2**32 ("Seed must be between 0 and 2**32 - 1").
pub fn check_seed(kind: RngKind, seed: u64) -> Result<(), String> {
    if kind == RngKind::NumPy && u32::try_from(seed).is_err() {
        return Err(format!(
            "NumPy's seed must be between 0 and 2**32 - 1 (4294967295), got {seed}"
        ));
    }
    Ok(())
}

impl Random for Stream {
    fn randn(&mut self) -> f64 {
        match self {
            Stream::ChaCha8(r) => r.randn(),
            Stream::NumPy(r) => Random::randn(r),
        }
    }

    fn index(&mut self, n: usize) -> usize {
        match self {
            Stream::ChaCha8(r) => r.index(n),
            Stream::NumPy(r) => r.index(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chacha_draws_what_the_chapter_drew_before_the_switch() {
        // StandardNormal.sample and random_range(0..n), one by one
        let mut a = ChaCha8Rng::seed_from_u64(5);
        let mut b = Stream::new(RngKind::ChaCha8, 5);
        let w: f64 = StandardNormal.sample(&mut a);
        assert_eq!(b.randn(), w);
        let i = a.random_range(0..60000usize);
        assert_eq!(b.index(60000), i);
    }

    #[test]
    fn numpy_stream_is_random_state() {
        let mut a = RandomState::new(0);
        let mut b = Stream::new(RngKind::NumPy, 0);
        assert_eq!(b.randn_array((2, 3)).iter().copied().collect::<Vec<_>>(), {
            (0..6).map(|_| a.randn()).collect::<Vec<_>>()
        });
        assert_eq!(b.choice(60000, 10), a.choice(60000, 10));
    }

    #[test]
    fn numpy_seeds_above_u32_are_refused() {
        assert!(check_seed(RngKind::NumPy, u32::MAX as u64).is_ok());
        let e = check_seed(RngKind::NumPy, 1 << 32).unwrap_err();
        assert!(e.contains("2**32 - 1"), "{e}");
        assert!(check_seed(RngKind::ChaCha8, u64::MAX).is_ok());
    }
}
