//! The integration tests: one test binary (one link of the library, one `cargo test` target
//! named `it`), one module per area. Most run the real `baocao` binary
//! ([`common::baocao`]) and read the files it writes back with calamine. Run one area with
//! `cargo test --test it cli::`.

mod architecture;
mod cli;
mod common;
mod consolidate;
mod examples;
mod history;
mod intake;
mod plan;
mod print;
mod reader;
mod roundtrip;
mod summary;
mod template;
mod validate;
