"""`invoke import`: records from JSON Lines, JSON, CSV, RSS or Atom files -> seeds and sidecars.

Archives arrive as scrapers' exports, published datasets and outlets' feeds, not as one text file
per story. This layer turns each record into a seed (`<name>.txt`), its sidecar (`<name>.meta.yml`)
and its provenance (`<name>.record.json`, the record as received), in a folder the build reads.
Every record is hostile text: file names never come from it, and a file the importer did not
write (or that was edited since) is never replaced without --overwrite. No Pelican here.

records.py and feeds.py read a file into records; fields.py and values.py make a record's fields;
markup.py turns HTML into paragraphs; seeds.py names, writes and guards the files; run.py drives
one import and summary.py tells what it did.
"""
