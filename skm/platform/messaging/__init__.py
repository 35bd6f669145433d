"""What every message channel shares, for the pages that show messages and the workers that send them.

GSM-7 counting (:mod:`.gsm7`: what one SMS segment holds) and the demo's outbox mode
(:mod:`.outbox_mode`: which channels write files instead of sending). The channel adapters
themselves are the workers' (skm/workers/channels).
"""
