"""The follow-up plan (Rencana Tindak Lanjut): what an agency does about its survey's results."""
