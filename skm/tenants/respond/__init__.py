"""Public resident pages: invitation links, open (QR) links, kiosk and ticket links."""
