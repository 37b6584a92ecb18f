"""Shared building blocks: masks, SDPA attention, positions, encoder blocks, frontends, devices."""
