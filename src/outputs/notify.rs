//! Desktop notifications (being written).
