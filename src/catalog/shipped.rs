//! The shipped standards library, compiled into the binary so a fresh machine needs no files.
//! A test checks this list against the `standards/` folder so no file is forgotten.

pub const FILES: &[(&str, &str)] = &[(
    "GB_T_1499.2-2018.toml",
    include_str!("../../standards/GB_T_1499.2-2018.toml"),
)];
