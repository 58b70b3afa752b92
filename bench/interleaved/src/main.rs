//! Median wall time of commands run interleaved: one run of each per round, in a rotating
//! order, so the machine's drift falls on all of them alike (hyperfine runs each command's
//! runs in one block, and on a shared machine the blocks see different loads). Also the
//! median of the per-round ratios to the first command.
//!
//!     interleaved ROUNDS 'cmd a' 'cmd b' ...
//!
//! Each command is split on whitespace; stdin, stdout and stderr are /dev/null, as with
//! `hyperfine -N`. Twenty unmeasured rounds come first.
use std::process::{Command, Stdio};
use std::time::Instant;

fn run(argv: &[String]) -> f64 {
    let start = Instant::now();
    let status = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|error| panic!("{argv:?}: {error}"));
    let elapsed = start.elapsed().as_secs_f64() * 1000.0;
    assert!(status.success(), "{argv:?}: {status}");
    elapsed
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args
        .next()
        .and_then(|rounds| rounds.parse().ok())
        .expect("usage: interleaved ROUNDS 'cmd a' 'cmd b' ...");
    let commands: Vec<Vec<String>> = args
        .map(|c| c.split_whitespace().map(str::to_owned).collect())
        .collect();
    for _ in 0..20 {
        for command in &commands {
            run(command);
        }
    }
    let mut times = vec![Vec::with_capacity(rounds); commands.len()];
    for round in 0..rounds {
        for offset in 0..commands.len() {
            let index = (round + offset) % commands.len();
            times[index].push(run(&commands[index]));
        }
    }
    let base = times[0].clone();
    for (command, samples) in commands.iter().zip(&mut times) {
        let mut ratios: Vec<f64> = samples.iter().zip(&base).map(|(s, b)| s / b).collect();
        println!(
            "{:7.3} ms  ×{:5.2}  {}",
            median(samples),
            median(&mut ratios),
            command.join(" ")
        );
    }
}
