//! Screen lock and suspend (being written).
