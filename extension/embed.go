// Package extension carries the WebExtension so that `otpfill install` can
// unpack it to a stable directory. FS holds exactly what the browser loads
// (manifest, scripts, pages, icons); tests and Go files stay out.
package extension

import "embed"

// FS is the unpacked extension, rooted at the manifest's directory.
//
//go:embed manifest.json background.js lib content popup options icons enroll ui
var FS embed.FS
