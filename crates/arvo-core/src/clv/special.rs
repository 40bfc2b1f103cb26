//! The special functions the purchase models need: the logarithm of the gamma function, the
//! digamma function and the Gaussian hypergeometric function ₂F₁, in plain `f64`; and [`LnSum`],
//! which sums many logarithms with one call of `ln`.
//!
//! `ln_gamma` uses Lanczos' approximation with Godfrey's coefficients (g = 607/128), about 15
//! significant digits for positive arguments. `digamma` shifts its argument above 12 and uses
//! the asymptotic series. `hyp2f1` sums the series of ₂F₁(a, b; c; z) for 0 ≤ z < 1, or of its
//! Euler transform (1 − z)^(c−a−b) ₂F₁(c−a, c−b; c; z), whichever has the smaller parameters: a
//! heavy buyer's expected purchases need ₂F₁ with a and b in the hundreds, whose direct series
//! climbs through huge terms, while its transform has small ones.

/// Godfrey's Lanczos coefficients for g = 607/128.
const LANCZOS: [f64; 15] = [
    0.999_999_999_999_997_1,
    57.156_235_665_862_92,
    -59.597_960_355_475_49,
    14.136_097_974_741_747,
    -0.491_913_816_097_620_2,
    3.399_464_998_481_189e-5,
    4.652_362_892_704_858e-5,
    -9.837_447_530_487_956e-5,
    1.580_887_032_249_125e-4,
    -2.102_644_417_241_049e-4,
    2.174_396_181_152_126_4e-4,
    -1.643_181_065_367_639e-4,
    8.441_822_398_385_275e-5,
    -2.619_083_840_158_141e-5,
    3.689_918_265_953_162_5e-6,
];
const LANCZOS_G: f64 = 607.0 / 128.0;
/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// ln Γ(x) for x > 0 (NaN otherwise).
pub fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x < 0.5 {
        // Γ(x) Γ(1 − x) = π / sin(πx); keeps the series where it is accurate.
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = LANCZOS[0];
    for (i, c) in LANCZOS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + LANCZOS_G + 0.5;
    LN_SQRT_2PI + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The digamma function ψ(x) = d/dx ln Γ(x), for x > 0.
pub fn digamma(mut x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut shift = 0.0;
    while x < 12.0 {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    let series = inv2
        * (1.0 / 12.0
            - inv2
                * (1.0 / 120.0
                    - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0)))));
    shift + x.ln() - 0.5 * inv - series
}

/// Above this, differences of ln Γ and of ψ are taken from their asymptotic series.
const ASYMPTOTIC_FROM: f64 = 10.0;

/// ln Γ(z + x) − ln Γ(z) for z > 0 and x ≥ 0, accurate also when z is far larger than x (a
/// drop-out distribution without spread has b in the billions), where the difference of two
/// nearly equal ln Γ values would keep none of its digits. From z = 10 on it is Stirling's
/// series differenced term by term: (z − ½) ln(1 + x/z) + x ln(z + x) − x + S(z + x) − S(z).
pub fn ln_gamma_diff(z: f64, x: f64) -> f64 {
    if z < ASYMPTOTIC_FROM || !z.is_finite() {
        return ln_gamma(z + x) - ln_gamma(z);
    }
    let stirling = |w: f64| {
        let inv = 1.0 / w;
        let inv2 = inv * inv;
        inv * (1.0 / 12.0
            - inv2
                * (1.0 / 360.0
                    - inv2
                        * (1.0 / 1260.0
                            - inv2
                                * (1.0 / 1680.0
                                    - inv2
                                        * (1.0 / 1188.0
                                            - inv2 * (691.0 / 360_360.0 - inv2 / 156.0))))))
    };
    (z - 0.5) * (x / z).ln_1p() + x * (z + x).ln() - x + (stirling(z + x) - stirling(z))
}

/// ψ(z + x) − ψ(z) for z > 0 and x ≥ 0, accurate also when z is far larger than x: from z = 10
/// on, ln(1 + x/z) + x / (2z(z + x)) and the difference of the asymptotic series' tails.
pub fn digamma_diff(z: f64, x: f64) -> f64 {
    if z < ASYMPTOTIC_FROM || !z.is_finite() {
        return digamma(z + x) - digamma(z);
    }
    let tail = |w: f64| {
        let inv2 = 1.0 / (w * w);
        inv2 * (1.0 / 12.0
            - inv2
                * (1.0 / 120.0
                    - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0)))))
    };
    (x / z).ln_1p() + x / (2.0 * z * (z + x)) - (tail(z + x) - tail(z))
}

/// Terms summed at most before ₂F₁ gives up (NaN).
const MAX_TERMS: usize = 1_000_000;

/// The Gaussian hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 and c > 0 (NaN outside).
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    if !(0.0..1.0).contains(&z) || c <= 0.0 || [a, b, c].iter().any(|v| !v.is_finite()) {
        return f64::NAN;
    }
    if z == 0.0 {
        return 1.0;
    }
    let (ea, eb) = (c - a, c - b);
    if ea.abs() * eb.abs() < a.abs() * b.abs() {
        (1.0 - z).powf(c - a - b) * series(ea, eb, c, z)
    } else {
        series(a, b, c, z)
    }
}

/// The hypergeometric series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ, summed with compensation until its
/// terms no longer change the sum.
pub(crate) fn series(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let (mut sum, mut carry, mut term) = (1.0f64, 0.0f64, 1.0f64);
    for n in 0..MAX_TERMS {
        let n = n as f64;
        let ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        term *= ratio;
        if term == 0.0 {
            return sum;
        }
        // Kahan–Babuška summation: the terms of a slowly converging series are many and small.
        let t = sum + term;
        carry += if sum.abs() >= term.abs() {
            (sum - t) + term
        } else {
            (term - t) + sum
        };
        sum = t;
        if ratio.abs() < 1.0 && term.abs() <= 1e-17 * (sum + carry).abs() {
            return sum + carry;
        }
        if !sum.is_finite() {
            return f64::NAN;
        }
    }
    f64::NAN
}

/// The coefficients of [`series`]`(a, b, c, ·)`, as many as summing it at any z up to `z_max`
/// (below 1) needs: the series at such a z is then [`polynomial`] of them. `None` when they do
/// not come to an end.
pub(crate) fn series_coefficients(a: f64, b: f64, c: f64, z_max: f64) -> Option<Vec<f64>> {
    let (mut sum, mut coefficient, mut term) = (1.0f64, 1.0f64, 1.0f64);
    let mut out = vec![1.0];
    for n in 0..MAX_TERMS {
        let n = n as f64;
        let step = (a + n) * (b + n) / ((c + n) * (n + 1.0));
        coefficient *= step;
        term *= step * z_max;
        if coefficient == 0.0 {
            return Some(out);
        }
        out.push(coefficient);
        sum += term;
        if (step * z_max).abs() < 1.0 && term.abs() <= 1e-17 * sum.abs() {
            return Some(out);
        }
        if !sum.is_finite() {
            return None;
        }
    }
    None
}

/// Σ coefficients[n] · zⁿ at each of `zs`, by Horner's rule run for all of them side by side, so
/// that the processor overlaps their multiplications instead of waiting for each one's result
/// (a multiply and an add: `mul_add` is a library call on processors the build does not assume
/// to have fused multiply-adds).
pub(crate) fn polynomials(coefficients: &[f64], zs: &[f64]) -> Vec<f64> {
    let mut sums = vec![0.0; zs.len()];
    for c in coefficients.iter().rev() {
        for (sum, z) in sums.iter_mut().zip(zs) {
            #[allow(clippy::suboptimal_flops)]
            {
                *sum = *sum * z + c;
            }
        }
    }
    sums
}

/// A sum of logarithms, ln v₁ + ln v₂ + …, kept as the product v₁ v₂ … with its binary exponent
/// apart, so that the product never overflows or underflows and the sum costs one `ln` however
/// many terms it has (a multiplication each instead of a logarithm each). A term that is not a
/// normal positive number (zero, subnormal, infinite or NaN) is added as its own logarithm.
///
/// Each multiplication rounds by at most half a unit in the last place, so n terms are exact to
/// about n × 1.1e-16 in absolute terms: for the likelihood of a hundred thousand customers, the
/// sixteenth significant digit.
#[derive(Debug, Clone, Copy)]
pub struct LnSum {
    /// The product's significand, in [1, 2).
    significand: f64,
    /// The product's binary exponent.
    exponent: i64,
    /// The logarithms of the terms that were not normal positive numbers.
    rest: f64,
}

/// The bits of an `f64`'s exponent, and the exponent bits of a number in [1, 2).
const EXPONENT_BITS: u64 = 0x7ff << 52;
const EXPONENT_ONE: u64 = 1023 << 52;

impl Default for LnSum {
    fn default() -> Self {
        Self {
            significand: 1.0,
            exponent: 0,
            rest: 0.0,
        }
    }
}

impl LnSum {
    /// Adds ln `v`.
    #[inline]
    pub fn add(&mut self, v: f64) {
        if v.is_normal() && v > 0.0 {
            let bits = v.to_bits();
            self.exponent += ((bits & EXPONENT_BITS) >> 52) as i64 - 1023;
            // Both significands are in [1, 2), so their product is in [1, 4).
            self.significand *= f64::from_bits((bits & !EXPONENT_BITS) | EXPONENT_ONE);
            if self.significand >= 2.0 {
                self.significand *= 0.5;
                self.exponent += 1;
            }
        } else {
            self.rest += v.ln();
        }
    }

    /// The sum of the logarithms added so far.
    pub fn ln(&self) -> f64 {
        self.significand.ln() + self.exponent as f64 * std::f64::consts::LN_2 + self.rest
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the values compared are exact
mod tests {
    use super::*;

    fn close(got: f64, want: f64, rel: f64) -> bool {
        (got - want).abs() <= rel * want.abs().max(1e-300)
    }

    #[test]
    fn ln_gamma_matches_known_values() {
        // Γ(1) = Γ(2) = 1, Γ(5) = 24, Γ(1/2) = √π, and lnΓ(100) to 17 digits.
        assert!(ln_gamma(1.0).abs() < 1e-15);
        assert!(ln_gamma(2.0).abs() < 1e-15);
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-15));
        assert!(close(
            ln_gamma(0.5),
            std::f64::consts::PI.sqrt().ln(),
            1e-14
        ));
        assert!(close(ln_gamma(100.0), 359.134_205_369_575_4, 1e-15));
        assert!(close(ln_gamma(0.1), 2.252_712_651_734_206, 1e-14));
        assert!(close(ln_gamma(1e6), 12_815_504.569_147_61, 1e-15));
        assert!(ln_gamma(0.0).is_nan() && ln_gamma(-1.0).is_nan());
    }

    #[test]
    fn digamma_matches_known_values() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(10) = H₉ − γ.
        let euler = 0.577_215_664_901_532_9;
        assert!(close(digamma(1.0), -euler, 1e-14));
        assert!(close(digamma(0.5), -euler - 2.0 * 2f64.ln(), 1e-14));
        let h9: f64 = (1..10).map(|k| 1.0 / f64::from(k)).sum();
        assert!(close(digamma(10.0), h9 - euler, 1e-14));
        assert!(close(digamma(0.01), -100.560_885_457_868_67, 1e-13));
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the references as mpmath printed them
    fn differences_of_ln_gamma_and_digamma_keep_their_digits_at_large_arguments() {
        // (z, x, ln Γ(z + x) − ln Γ(z), ψ(z + x) − ψ(z)), computed with mpmath at 50 digits.
        let cases = [
            (
                0.3,
                2.0,
                -0.941_608_539_858_444_986_13,
                4.102_564_102_564_102_694,
            ),
            (
                5.0,
                3.0,
                5.347_107_530_717_468_680_5,
                0.509_523_809_523_809_523_81,
            ),
            (12.5, 1.0, 2.525_728_644_308_255_439_8, 0.08),
            (
                1e6,
                7.0,
                96.708_594_905_704_418_876,
                6.999_979_000_090_999_559e-6,
            ),
            (
                8e13,
                3.0,
                96.039_143_251_807_326_961,
                3.749_999_999_999_953_125e-14,
            ),
            (
                8e13,
                250.0,
                8_003.261_937_650_996_517_6,
                3.124_999_999_995_136_718_8e-12,
            ),
            (
                2.68,
                40.0,
                116.154_265_802_776_737_44,
                2.954_170_295_412_058_805_4,
            ),
            (
                1e4,
                0.5,
                4.605_157_685_988_096_576_4,
                5.000_124_999_999_843_75e-5,
            ),
            (
                30.0,
                0.001,
                0.003_384_455_080_024_246_193_8,
                3.389_448_598_811_442_361_4e-5,
            ),
        ];
        for (z, x, lg, psi) in cases {
            assert!(
                close(ln_gamma_diff(z, x), lg, 1e-13),
                "ln Γ({z} + {x}) − ln Γ({z}) = {}, not {lg}",
                ln_gamma_diff(z, x)
            );
            assert!(
                close(digamma_diff(z, x), psi, 1e-12),
                "ψ({z} + {x}) − ψ({z}) = {}, not {psi}",
                digamma_diff(z, x)
            );
        }
        // Where the plain differences lose every digit.
        assert!(!close(
            ln_gamma(8e13 + 3.0) - ln_gamma(8e13),
            96.039_143_251_807_33,
            1e-6
        ));
        assert_eq!(ln_gamma_diff(7.0, 0.0), 0.0);
        assert_eq!(digamma_diff(7e9, 0.0), 0.0);
    }

    #[test]
    fn hyp2f1_matches_high_precision_values() {
        // Reference values computed with mpmath at 50 digits.
        let cases = [
            // Elementary: ₂F₁(1, 1; 2; z) = −ln(1 − z) / z.
            (1.0, 1.0, 2.0, 0.5, 1.386_294_361_119_890_6),
            (0.5, 0.75, 1.25, 0.3, 1.110_106_465_417_777),
            (2.3, 4.1, 5.7, 0.9, 24.452_011_313_894_267),
            // Heavy buyers: the BG/NBD's ₂F₁(r + x, b + x; a + b + x − 1; z) with x in the hundreds.
            (150.243, 152.426, 152.219, 0.55, 1.491_187_411_895_222_5e52),
            (
                400.243_38,
                402.425_95,
                402.218_96,
                0.7,
                2.435_999_481_620_934_6e209,
            ),
            (30.5, 32.7, 33.1, 0.95, 1.495_409_113_510_848e39),
        ];
        for (a, b, c, z, want) in cases {
            let got = hyp2f1(a, b, c, z);
            assert!(
                close(got, want, 1e-12),
                "2F1({a}, {b}; {c}; {z}) = {got}, not {want}"
            );
        }
        assert_eq!(hyp2f1(1.0, 2.0, 3.0, 0.0), 1.0);
        assert!(hyp2f1(1.0, 2.0, 3.0, 1.0).is_nan());
    }

    #[test]
    fn polynomials_at_many_points_are_each_points_polynomial() {
        let coefficients = series_coefficients(0.9, 3.5, 4.1, 0.97).expect("ends");
        let zs: Vec<f64> = (1..=37).map(|k| f64::from(k) / 38.0).collect();
        for (z, got) in zs.iter().zip(polynomials(&coefficients, &zs)) {
            #[allow(clippy::suboptimal_flops)]
            let horner = coefficients.iter().rev().fold(0.0, |sum, c| sum * z + c);
            assert_eq!(got, horner);
            assert!(close(got, series(0.9, 3.5, 4.1, *z), 1e-13));
        }
        assert!(polynomials(&coefficients, &[]).is_empty());
    }

    #[test]
    fn ln_sum_matches_the_sum_of_logarithms_far_beyond_the_range_of_a_product() {
        // 100,000 terms from 1e-300 to 1e300: their product leaves f64's range at once.
        let mut state = 2026u64;
        let mut sum = LnSum::default();
        let mut plain = 0.0;
        for _ in 0..100_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let v = 10f64.powf((state >> 11) as f64 / (1u64 << 53) as f64 * 600.0 - 300.0);
            sum.add(v);
            plain += v.ln();
        }
        assert!(
            (sum.ln() - plain).abs() <= 1e-9 * plain.abs().max(1.0),
            "{} against {plain}",
            sum.ln()
        );
        // Terms between 1 and 2, as a likelihood's ln(1 + e) are: exact to 1e-12 after 100,000.
        let (mut small, mut direct) = (LnSum::default(), 0.0);
        for k in 0..100_000 {
            let e = (-f64::from(k) / 5_000.0).exp();
            small.add(1.0 + e);
            direct += e.ln_1p();
        }
        assert!(
            (small.ln() - direct).abs() < 1e-12 * direct,
            "{} {direct}",
            small.ln()
        );
        // Terms that are not normal positive numbers are their own logarithms.
        let mut odd = LnSum::default();
        odd.add(2.0);
        odd.add(f64::MIN_POSITIVE / 4.0);
        assert!((odd.ln() - (2f64.ln() + (f64::MIN_POSITIVE / 4.0).ln())).abs() < 1e-12);
        odd.add(0.0);
        assert_eq!(odd.ln(), f64::NEG_INFINITY);
        let mut infinite = LnSum::default();
        infinite.add(f64::INFINITY);
        assert_eq!(infinite.ln(), f64::INFINITY);
        let mut nan = LnSum::default();
        nan.add(f64::NAN);
        assert!(nan.ln().is_nan());
        assert_eq!(LnSum::default().ln(), 0.0);
    }
}
