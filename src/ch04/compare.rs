//! 4.5.5 Comparing settings over seeds (시드): a setting's final accuracy from
//! several seeds as mean ± sample standard deviation, and the difference of two
//! settings beside the spread it has to stand out from. Plain arithmetic, in
//! NumPy's terms `np.mean(a)` and `np.std(a, ddof=1)`.

// ANCHOR: mean_sd
/// The centre and spread of one setting's results over its seeds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// How many seeds.
    pub n: usize,
    /// `np.mean(a)`
    pub mean: f64,
    /// `np.std(a, ddof=1)`: the sample standard deviation (표본 표준편차),
    /// dividing by n - 1 because the mean was estimated from the same numbers.
    pub sd: f64,
}

/// Mean and sample standard deviation of `a`; `None` for fewer than two
/// values, where a spread cannot be estimated.
pub fn mean_sd(a: &[f64]) -> Option<Spread> {
    if a.len() < 2 {
        return None;
    }
    let n = a.len() as f64;
    let mean = a.iter().sum::<f64>() / n;
    let var = a.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    Some(Spread {
        n: a.len(),
        mean,
        sd: var.sqrt(),
    })
}
// ANCHOR_END: mean_sd

// ANCHOR: difference
/// `b`'s mean minus `a`'s, and the standard error (표준오차) of that
/// difference, √(sd_a²/n_a + sd_b²/n_b): how much the difference itself would
/// move if the seeds were drawn again. A difference of one or two standard
/// errors is what other seeds could give; many times it is the setting.
pub fn difference(a: &Spread, b: &Spread) -> (f64, f64) {
    let se = (a.sd * a.sd / a.n as f64 + b.sd * b.sd / b.n as f64).sqrt();
    (b.mean - a.mean, se)
}
// ANCHOR_END: difference

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_sd_are_numpys() {
        // np.mean(a), np.std(a, ddof=1) for a = [0.9123, 0.9087, 0.9151, 0.9102, 0.9135]
        let s = mean_sd(&[0.9123, 0.9087, 0.9151, 0.9102, 0.9135]).unwrap();
        assert_eq!(s.n, 5);
        assert!((s.mean - 0.91196).abs() < 1e-15, "{}", s.mean);
        assert!((s.sd - 0.0025530374066981654).abs() < 1e-15, "{}", s.sd);
        // two equal values: no spread at all
        assert_eq!(mean_sd(&[0.5, 0.5]).unwrap().sd, 0.0);
        // one value: no spread to estimate
        assert_eq!(mean_sd(&[0.5]), None);
        assert_eq!(mean_sd(&[]), None);
    }

    #[test]
    fn the_difference_carries_both_spreads() {
        let a = Spread {
            n: 4,
            mean: 0.90,
            sd: 0.02,
        };
        let b = Spread {
            n: 4,
            mean: 0.93,
            sd: 0.04,
        };
        let (d, se) = difference(&a, &b);
        assert!((d - 0.03).abs() < 1e-15);
        // √(0.0004/4 + 0.0016/4) = √0.0005
        assert!((se - 0.0005f64.sqrt()).abs() < 1e-15);
        // the other way round: the same spread, the opposite sign
        let (d2, se2) = difference(&b, &a);
        assert_eq!((d2, se2), (-d, se));
    }
}
