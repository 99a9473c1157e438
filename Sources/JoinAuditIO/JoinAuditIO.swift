// Placeholder until the I/O layer lands.
