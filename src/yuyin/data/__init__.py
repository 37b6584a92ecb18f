"""Data: manifests of utterances, synthetic corpora, batching and augmentation."""
