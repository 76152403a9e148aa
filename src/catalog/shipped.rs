//! The shipped standards library, compiled into the binary so a fresh machine needs no files.
//! A test checks this list against the `standards/` folder so no file is forgotten.

pub const FILES: &[(&str, &str)] = &[
    (
        "GB_1499.2-2024.toml",
        include_str!("../../standards/GB_1499.2-2024.toml"),
    ),
    (
        "GB_175-2023.toml",
        include_str!("../../standards/GB_175-2023.toml"),
    ),
    (
        "GB_18383-2007.toml",
        include_str!("../../standards/GB_18383-2007.toml"),
    ),
    (
        "GB_18383-2025.toml",
        include_str!("../../standards/GB_18383-2025.toml"),
    ),
    (
        "GB_2762-2022.toml",
        include_str!("../../standards/GB_2762-2022.toml"),
    ),
    (
        "GB_2763-2021.toml",
        include_str!("../../standards/GB_2763-2021.toml"),
    ),
    (
        "GB_38400-2019.toml",
        include_str!("../../standards/GB_38400-2019.toml"),
    ),
    (
        "GB_T_1499.2-2018.toml",
        include_str!("../../standards/GB_T_1499.2-2018.toml"),
    ),
    (
        "GB_T_15063-2020.toml",
        include_str!("../../standards/GB_T_15063-2020.toml"),
    ),
    (
        "JJG_443-2023.toml",
        include_str!("../../standards/JJG_443-2023.toml"),
    ),
];
