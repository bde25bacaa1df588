"""The source library: reusable references graded on the Admiralty scale."""
