//! How fast order lines are read and turned into typed rows: writes a Finnish `;`-separated CSV
//! file of generated order lines (a fixed seed), then times reading it alone and reading and
//! parsing it, and prints rows per second and the peak memory of the process.
//!
//! `cargo run --release -p arvo-sheets --example throughput -- [ROWS] [FILE]` (1,000,000 rows in
//! a temporary file by default, removed afterwards; an existing FILE is read as it is, and a FILE
//! that does not exist yet is written and kept, e.g. to compare with another tool).

use arvo_sheets::{Kind, ReadOptions, Record, open, suggest};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn generate(path: &PathBuf, rows: usize) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(
        out,
        "Tilausnumero;Rivi;Asiakasnro;Tilauspäivä;Tuotekoodi;Tuotenimi;Määrä;À-hinta;Ostohinta;Alennus %;Kanava"
    )?;
    let mut rng = Rng(20_261_122);
    let channels = ["Suora", "Verkkokauppa", "Suora", "Suora"];
    let mut order = 100_000u64;
    let mut line = 0u64;
    for _ in 0..rows {
        if line == 0 || rng.below(4) == 0 {
            order += 1;
            line = 0;
        }
        line += 1;
        let customer = 10_000 + rng.below(5_000);
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let year = 2022 + rng.below(5);
        let product = rng.below(2_000);
        let quantity = 1 + rng.below(200);
        let half = if rng.below(5) == 0 { ",5" } else { "" };
        let price = 100 + rng.below(500_000);
        let cost = price * (40 + rng.below(40)) / 100;
        let discount = [0, 0, 0, 5, 10, 15][rng.below(6) as usize];
        writeln!(
            out,
            "{order};{line};{customer};{day}.{month}.{year};P-{product:04};Tuote {product} sinkitty;{quantity}{half};{},{:02};{},{:02};{discount};{}",
            price / 100,
            price % 100,
            cost / 100,
            cost % 100,
            channels[rng.below(4) as usize],
        )?;
    }
    out.flush()
}

fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let given = args.next().map(PathBuf::from);
    let path = given
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("arvo-orders-{rows}.csv")));
    if !path.exists() {
        let t = Instant::now();
        generate(&path, rows)?;
        println!(
            "wrote {rows} order lines ({:.1} MB) in {:.2} s",
            std::fs::metadata(&path)?.len() as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }
    let bytes = std::fs::metadata(&path)?.len() as f64;

    let t = Instant::now();
    let mut sheet = open(&path, &ReadOptions::default())?;
    let mut record = Record::default();
    let mut read = 0usize;
    while sheet.next_into(&mut record)? {
        read += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "read only:     {read} rows in {secs:.2} s = {:.0} rows/s, {:.0} MB/s",
        read as f64 / secs,
        bytes / 1e6 / secs
    );

    let t = Instant::now();
    let mut sheet = open(&path, &ReadOptions::default())?;
    let mapping = suggest(Kind::Orders, sheet.header());
    let binding = mapping.bind(sheet.header(), sheet.format().decimal_mark())?;
    let (mut good, mut bad) = (0usize, 0usize);
    while sheet.next_into(&mut record)? {
        match binding.parse(&record) {
            Ok(_) => good += 1,
            Err(_) => bad += 1,
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "read + parse:  {} rows ({good} valid, {bad} rejected) in {secs:.2} s = {:.0} rows/s",
        good + bad,
        (good + bad) as f64 / secs
    );
    if let Some(mib) = peak_memory_mib() {
        println!("peak memory:   {mib:.0} MiB");
    }
    if given.is_none() {
        std::fs::remove_file(&path)?;
    }
    Ok(())
}
