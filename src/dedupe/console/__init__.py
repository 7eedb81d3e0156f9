"""The parts of the `dedupe` command around its commands (`dedupe.cli`): the exits and
messages at its edge, shared options, the run report, files in and out, documents read back."""
