//! Minimising a smooth function of a few variables with its gradient: BFGS with a backtracking
//! line search. The models fit their parameters on a log scale, so every variable is free.

/// Where a minimisation ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    pub iterations: usize,
    /// Whether the gradient became negligible, rather than the iterations running out or the
    /// line search finding no lower point.
    pub converged: bool,
    /// The estimate of the inverse Hessian at the end, which can start a related minimisation.
    pub inverse_hessian: Vec<Vec<f64>>,
}

/// Iterations at most.
const MAX_ITERATIONS: usize = 1000;

/// Iterations at most on a sample: a sample's fit that takes more does not start the fit on
/// everyone, which then starts afresh.
const SAMPLE_ITERATIONS: usize = 200;

/// Minimises `f`, which gives the value and the gradient at a point, from `start`.
///
/// Converged means: the largest gradient component is at most `tolerance` × max(1, |value|);
/// or, once a step no longer lowers the value in its 14th significant digit (a sum over many
/// customers is only that exact), at most a thousand times that.
pub fn minimize(f: impl Fn(&[f64]) -> (f64, Vec<f64>), start: &[f64], tolerance: f64) -> Minimum {
    minimize_with(f, start, identity(start.len()), tolerance)
}

/// [`minimize`] with a first estimate of the inverse Hessian (row by row), e.g. a related
/// minimisation's.
pub fn minimize_with(
    f: impl Fn(&[f64]) -> (f64, Vec<f64>),
    start: &[f64],
    inverse_hessian: Vec<Vec<f64>>,
    tolerance: f64,
) -> Minimum {
    bfgs(f, start, inverse_hessian, tolerance, MAX_ITERATIONS)
}

/// BFGS from `start` with `inverse_hessian`, for at most `max_iterations`.
fn bfgs(
    f: impl Fn(&[f64]) -> (f64, Vec<f64>),
    start: &[f64],
    inverse_hessian: Vec<Vec<f64>>,
    tolerance: f64,
    max_iterations: usize,
) -> Minimum {
    let n = start.len();
    let mut x = start.to_vec();
    let (mut value, mut grad) = f(&x);
    // The inverse Hessian's estimate, row by row.
    let mut h = inverse_hessian;
    for iteration in 0..max_iterations {
        if !value.is_finite() {
            return Minimum {
                x,
                value,
                iterations: iteration,
                converged: false,
                inverse_hessian: h,
            };
        }
        if max_abs(&grad) <= tolerance * value.abs().max(1.0) {
            return Minimum {
                x,
                value,
                iterations: iteration,
                converged: true,
                inverse_hessian: h,
            };
        }
        let mut direction: Vec<f64> = (0..n).map(|i| -dot(&h[i], &grad)).collect();
        let mut slope = dot(&direction, &grad);
        if slope >= 0.0 {
            // Not a descent direction: start again from steepest descent.
            h = identity(n);
            direction = grad.iter().map(|g| -g).collect();
            slope = dot(&direction, &grad);
        }
        // Steps longer than 5 on the log scale (a factor of e⁵) are cut.
        let longest = max_abs(&direction);
        let mut step = if longest > 5.0 { 5.0 / longest } else { 1.0 };
        let mut accepted = None;
        for _ in 0..60 {
            let candidate: Vec<f64> = x
                .iter()
                .zip(&direction)
                .map(|(xi, di)| xi + step * di)
                .collect();
            let (v, g) = f(&candidate);
            if v.is_finite() && v <= value + 1e-4 * step * slope {
                accepted = Some((candidate, v, g));
                break;
            }
            step *= 0.5;
        }
        let Some((next, next_value, next_grad)) = accepted else {
            // No lower point along the direction: as good as this method gets.
            let converged = max_abs(&grad) <= 1e3 * tolerance * value.abs().max(1.0);
            return Minimum {
                x,
                value,
                iterations: iteration,
                converged,
                inverse_hessian: h,
            };
        };
        let s: Vec<f64> = next.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next_grad.iter().zip(&grad).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > 1e-12 * dot(&s, &s).sqrt() * dot(&y, &y).sqrt() {
            bfgs_update(&mut h, &s, &y, sy);
        }
        let stalled = value - next_value <= 1e-14 * value.abs().max(1.0);
        x = next;
        value = next_value;
        grad = next_grad;
        if stalled && max_abs(&grad) <= 1e3 * tolerance * value.abs().max(1.0) {
            return Minimum {
                x,
                value,
                iterations: iteration + 1,
                converged: true,
                inverse_hessian: h,
            };
        }
    }
    Minimum {
        x,
        value,
        iterations: max_iterations,
        converged: false,
        inverse_hessian: h,
    }
}

/// At least twice this many items are first fitted on an evenly spread sample of about this many.
const SAMPLE: usize = 10_000;

/// Minimises `negative(&prepare(items), θ)`, a sum over the items, from `start` to a tolerance
/// of 1e-10. With many items, most of the steps are taken on an evenly spread sample at a
/// fraction of the cost: the sum over everyone is about the sample's times their ratio in size,
/// its curvature too, so the sample's end point and inverse Hessian (scaled) start the
/// minimisation on everyone. Should either not converge, it starts afresh.
pub fn minimize_from_sample<T: Clone, P>(
    items: &[T],
    start: &[f64],
    prepare: impl Fn(&[T]) -> P,
    negative: impl Fn(&P, &[f64]) -> (f64, Vec<f64>),
) -> Minimum {
    let everyone = prepare(items);
    let all = |theta: &[f64]| negative(&everyone, theta);
    if items.len() >= 2 * SAMPLE {
        let sample: Vec<T> = items
            .iter()
            .step_by(items.len() / SAMPLE)
            .cloned()
            .collect();
        let prepared = prepare(&sample);
        let m = bfgs(
            |theta| negative(&prepared, theta),
            start,
            identity(start.len()),
            1e-6,
            SAMPLE_ITERATIONS,
        );
        if m.converged {
            let scale = sample.len() as f64 / items.len() as f64;
            let h = m
                .inverse_hessian
                .iter()
                .map(|row| row.iter().map(|v| v * scale).collect())
                .collect();
            let warm = minimize_with(all, &m.x, h, 1e-10);
            if warm.converged {
                return warm;
            }
        }
    }
    minimize(all, start, 1e-10)
}

/// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, with ρ = 1 / (yᵀ s).
fn bfgs_update(h: &mut [Vec<f64>], s: &[f64], y: &[f64], sy: f64) {
    let n = s.len();
    let rho = 1.0 / sy;
    let hy: Vec<f64> = (0..n).map(|i| dot(&h[i], y)).collect();
    let yhy = dot(y, &hy);
    for i in 0..n {
        for j in 0..n {
            h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
    }
}

fn identity(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the values compared are exact
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_rosenbrocks_valley() {
        let rosenbrock = |p: &[f64]| {
            let (x, y) = (p[0], p[1]);
            let value = (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
            let grad = vec![
                -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
                200.0 * (y - x * x),
            ];
            (value, grad)
        };
        let m = minimize(rosenbrock, &[-1.2, 1.0], 1e-10);
        assert!(m.converged, "{m:?}");
        assert!(
            (m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6,
            "{m:?}"
        );
    }
}
