//! NumPy's own random numbers: `np.random.seed`, `rand`, `randn` and
//! `choice(N, k)` of the legacy `np.random.RandomState`, bit for bit, so that
//! the book's `np.random.seed(0)` gives the same weights and mini-batches here
//! as in Python.
//!
//! Each part names the NumPy C function it follows (NumPy's
//! `numpy/random/src/mt19937/mt19937.c`, `src/distributions/distributions.c`,
//! `src/legacy/legacy-distributions.c`, `_bounded_integers.pyx`, `mtrand.pyx`).
//! `tests/fixtures/numpy_random.py` prints what NumPy itself gives; the tests
//! below compare with its committed output.

/// The Mersenne Twister's state size: 624 words of 32 bits.
const N: usize = 624;
const M: usize = 397;

/// NumPy's legacy generator: MT19937 (Matsumoto and Nishimura, 1998) and the
/// cached second normal value of the polar method.
#[derive(Clone, Debug, PartialEq)]
pub struct RandomState {
    key: [u32; N],
    pos: usize,
    /// `legacy_gauss` makes normals in pairs and keeps the second for the next call.
    gauss: Option<f64>,
}

impl RandomState {
    /// `np.random.seed(seed)` / `RandomState(seed)` for an integer seed:
    /// `_legacy_seeding` calls `mt19937_seed`, the reference implementation's
    /// `init_genrand` (Knuth's multiplier 1812433253). NumPy refuses seeds
    /// outside 0..2**32, which `u32` rules out here.
    pub fn new(seed: u32) -> Self {
        let mut key = [0u32; N];
        key[0] = seed;
        for pos in 1..N {
            let prev = key[pos - 1];
            key[pos] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(pos as u32);
        }
        RandomState {
            key,
            pos: N,
            gauss: None,
        }
    }

    /// `mt19937_gen`: the next 624 words of state, all at once.
    fn generate(&mut self) {
        let twist = |y: u32| (y >> 1) ^ if y & 1 == 1 { 0x9908_b0df } else { 0 };
        for i in 0..N {
            let y = (self.key[i] & 0x8000_0000) | (self.key[(i + 1) % N] & 0x7fff_ffff);
            self.key[i] = self.key[(i + M) % N] ^ twist(y);
        }
        self.pos = 0;
    }

    /// `mt19937_next32`: one 32-bit word, tempered.
    pub fn next_u32(&mut self) -> u32 {
        if self.pos == N {
            self.generate();
        }
        let mut y = self.key[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `mt19937_next64`: two words, the first in the high half.
    pub fn next_u64(&mut self) -> u64 {
        let hi = self.next_u32() as u64;
        (hi << 32) | self.next_u32() as u64
    }

    /// `np.random.random_sample()` / `rand()` (`mt19937_next_double`): 27 bits
    /// of one word and 26 of the next make a double in [0, 1) with 53 bits.
    pub fn random_sample(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) / 9007199254740992.0
    }

    /// `np.random.randn()` / `standard_normal()` (`legacy_gauss`): the polar
    /// form of Box-Muller. A point drawn uniformly in the square is kept once
    /// it falls inside the unit circle; it gives two normals, f·x2 now and f·x1
    /// on the next call.
    pub fn randn(&mut self) -> f64 {
        if let Some(g) = self.gauss.take() {
            return g;
        }
        let (x1, x2, r2) = loop {
            let x1 = 2.0 * self.random_sample() - 1.0;
            let x2 = 2.0 * self.random_sample() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                break (x1, x2, r2);
            }
        };
        let f = (-2.0 * r2.ln() / r2).sqrt();
        self.gauss = Some(f * x1);
        f * x2
    }

    /// One draw of `np.random.randint(0, n)`, which `choice(n, k)` (with
    /// replacement, no `p`) makes k times. The legacy path
    /// (`_rand_int64` with `use_masked=True` → `random_bounded_uint64_fill`):
    /// with max = n - 1, draw words, keep the bits of the smallest mask
    /// 2^b - 1 >= max, and draw again while the result exceeds max. A 32-bit
    /// word is enough for max < 2^32 - 1 (`buffered_bounded_masked_uint32`);
    /// max = 2^32 - 1 takes the word as it is; larger ones take two words
    /// (`bounded_masked_uint64`). n = 1 draws nothing and gives 0.
    pub fn randint(&mut self, n: u64) -> u64 {
        assert!(n > 0, "randint(0, n) needs n >= 1");
        let max = n - 1;
        if max == 0 {
            return 0;
        }
        // gen_mask: all ones up to max's highest bit
        let mask = u64::MAX >> max.leading_zeros();
        if max < 0xffff_ffff {
            loop {
                let v = self.next_u32() as u64 & mask;
                if v <= max {
                    return v;
                }
            }
        } else if max == 0xffff_ffff {
            self.next_u32() as u64
        } else {
            loop {
                let v = self.next_u64() & mask;
                if v <= max {
                    return v;
                }
            }
        }
    }

    /// `np.random.choice(n, k)`: k indices below n, with replacement.
    pub fn choice(&mut self, n: usize, k: usize) -> Vec<usize> {
        (0..k).map(|_| self.randint(n as u64) as usize).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tests/fixtures/numpy_random.txt`: NumPy's own values (see the script beside it).
    const FIXTURE: &str = include_str!("../../tests/fixtures/numpy_random.txt");

    /// The fixture's line that starts with `key `, split after the key.
    fn line(key: &str) -> Vec<&'static str> {
        let prefix = format!("{key} ");
        let l = FIXTURE
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("fixture has no line '{key}'"));
        l[prefix.len()..].split_whitespace().collect()
    }

    /// A float as Python's `float.hex` prints it (e.g. `-0x1.8p+0`).
    fn hex(x: f64) -> String {
        if x == 0.0 {
            return if x.is_sign_negative() {
                "-0x0.0p+0"
            } else {
                "0x0.0p+0"
            }
            .into();
        }
        let bits = x.to_bits();
        let sign = if x < 0.0 { "-" } else { "" };
        let exp = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1 << 52) - 1);
        let (lead, e) = if exp == 0 {
            (0, -1022)
        } else {
            (1, exp - 1023)
        };
        let e = if e >= 0 {
            format!("+{e}")
        } else {
            e.to_string()
        };
        format!("{sign}0x{lead}.{frac:013x}p{e}")
    }

    fn hexes(v: impl IntoIterator<Item = f64>) -> Vec<String> {
        v.into_iter().map(hex).collect()
    }

    const SEEDS: [u32; 5] = [0, 1, 42, 12345, u32::MAX];

    #[test]
    fn hex_prints_as_python_does() {
        assert_eq!(hex(1.5), "0x1.8000000000000p+0");
        assert_eq!(hex(-0.25), "-0x1.0000000000000p-2");
        assert_eq!(hex(0.5488135039273248), "0x1.18fe1565f12a8p-1");
    }

    #[test]
    fn words_and_rand_are_numpys() {
        for seed in SEEDS {
            let mut r = RandomState::new(seed);
            let words: Vec<String> = (0..5).map(|_| r.next_u32().to_string()).collect();
            assert_eq!(
                words,
                line(&format!("seed {seed} randint32")),
                "seed {seed}"
            );
            let mut r = RandomState::new(seed);
            let got = hexes((0..5).map(|_| r.random_sample()));
            assert_eq!(got, line(&format!("seed {seed} rand")), "seed {seed}");
            // after 2,000 words: the state has been regenerated three times
            let mut r = RandomState::new(seed);
            for _ in 0..1000 {
                r.random_sample();
            }
            let got = hexes((0..3).map(|_| r.random_sample()));
            assert_eq!(got, line(&format!("seed {seed} rand_after_1000")));
        }
    }

    #[test]
    fn randn_and_its_cached_pair_are_numpys() {
        for seed in SEEDS {
            let mut r = RandomState::new(seed);
            let got = hexes((0..5).map(|_| r.randn()));
            assert_eq!(got, line(&format!("seed {seed} randn")), "seed {seed}");
            // randn, rand, randn: the rand comes after the pair's words, and
            // the second randn is the cached half of the first pair
            let mut r = RandomState::new(seed);
            let got = hexes([r.randn(), r.random_sample(), r.randn()]);
            assert_eq!(got, line(&format!("seed {seed} randn_rand_randn")));
            let mut r = RandomState::new(seed);
            for _ in 0..100_001 {
                r.randn();
            }
            let got = hexes((0..3).map(|_| r.randn()));
            assert_eq!(got, line(&format!("seed {seed} randn_after_100001")));
        }
    }

    #[test]
    fn choice_is_numpys_for_every_kind_of_n() {
        for seed in SEEDS {
            for n in [
                1u64,
                2,
                10,
                1000,
                60000,
                65536,
                65537,
                (1 << 31) + 12345,
                1 << 32,
                (1 << 32) + 1,
                (1 << 40) + 7,
            ] {
                let mut r = RandomState::new(seed);
                let got: Vec<String> = (0..10).map(|_| r.randint(n).to_string()).collect();
                assert_eq!(
                    got,
                    line(&format!("seed {seed} choice {n}")),
                    "seed {seed} n {n}"
                );
            }
            let mut r = RandomState::new(seed);
            r.choice(60000, 1_000_000);
            let got: Vec<String> = r.choice(60000, 10).iter().map(|i| i.to_string()).collect();
            assert_eq!(
                got,
                line(&format!("seed {seed} choice_60000_after_1000000"))
            );
        }
    }

    #[test]
    fn the_books_draws_are_numpys() {
        let mut r = RandomState::new(0);
        let got: Vec<String> = r.choice(60000, 10).iter().map(|i| i.to_string()).collect();
        assert_eq!(got, line("book choice(60000, 10)"));
        let mut r = RandomState::new(0);
        assert_eq!(hexes((0..6).map(|_| r.randn())), line("book randn(2, 3)"));
    }
}
