//! Fits the BG/NBD and Gamma-Gamma models to a summary file and prints the parameters, the
//! log-likelihoods and the time the fits took, for the benchmark against the `lifetimes` package
//! (`bench/clv.sh`). The file is CSV with a header: `frequency,recency,T,monetary_value`, one
//! customer a row. Usage: `cargo run --release -p arvo-core --example clv_fit -- SUMMARY.csv`

use arvo_core::clv::bgnbd::{BgNbd, Rfm};
use arvo_core::clv::gamma_gamma::GammaGamma;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: clv_fit SUMMARY.csv");
    let text = std::fs::read_to_string(&path).expect("the summary file reads");
    let mut rfm = Vec::new();
    let mut spend = Vec::new();
    for line in text.lines().skip(1) {
        let cells: Vec<f64> = line
            .split(',')
            .map(|c| c.trim().parse().expect("numbers"))
            .collect();
        let frequency = cells[0] as u32;
        rfm.push(Rfm {
            frequency,
            recency: cells[1],
            t: cells[2],
        });
        spend.push((frequency, cells[3]));
    }
    let started = Instant::now();
    let bg = BgNbd::fit(&rfm).expect("BG/NBD fits");
    let bg_time = started.elapsed();
    let started = Instant::now();
    let gg = GammaGamma::fit(&spend).expect("Gamma-Gamma fits");
    let gg_time = started.elapsed();
    println!(
        "{}",
        serde_json::json!({
            "customers": rfm.len(),
            "bgnbd": bg,
            "gamma_gamma": gg,
            "bgnbd_seconds": bg_time.as_secs_f64(),
            "gamma_gamma_seconds": gg_time.as_secs_f64(),
        })
    );
}
