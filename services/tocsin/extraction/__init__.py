"""The pure extraction core: article text and metadata in, incidents out. No Kafka, no I/O beyond package data."""
