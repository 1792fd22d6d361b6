"""The bad-input corpus: files careerlog must answer with a located message."""
