//! Times the benchmark generator: `cargo run --release -p arvo-demo --example generate_lines --
//! [LINES] [CUSTOMERS] [SEED]` streams the order lines once and prints how long it took, how
//! many orders and how much net sales they hold, and the products' count.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut arg = |default: u64| {
        args.next()
            .map_or(default, |a| a.parse().expect("arguments are whole numbers"))
    };
    let lines = arg(1_000_000) as usize;
    let customers = arg(10_000) as usize;
    let seed = arg(2026);

    let started = Instant::now();
    let g = arvo_demo::generate(customers, lines, seed);
    let prepared = started.elapsed();
    let mut orders = 0_u64;
    let mut net: i64 = 0;
    for line in g.order_lines() {
        if line.line_number == 1 {
            orders += 1;
        }
        net += line.net_cents();
    }
    let total = started.elapsed();
    let (first, last) = g.period();
    println!(
        "{lines} lines in {orders} orders for {customers} customers, {} products, {first}..{last}",
        g.products().len()
    );
    println!("net sales {} €", net / 100);
    println!(
        "set-up {:.3} s, all lines {:.3} s ({:.0} lines/s)",
        prepared.as_secs_f64(),
        total.as_secs_f64(),
        lines as f64 / total.as_secs_f64()
    );
}
