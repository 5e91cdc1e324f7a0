"""The web as archivists keep it: fetching pages into WARC records, reading WARC and WACZ files,
writing them, and serving a capture as it was."""
