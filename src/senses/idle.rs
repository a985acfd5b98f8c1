//! Keyboard and mouse idle detection (being written).
