// Package e2e holds the browser end-to-end suite: it builds the otpfill
// binary, serves fixture copies of Microsoft's sign-in pages over TLS at the
// real host names, and drives headless Chromium and Firefox ESR with the real
// extension and native host. All code lives in _test.go files; this file only
// names the package.
//
// Environment:
//
//	OTPFILL_E2E=require   a missing browser fails instead of skipping
//	OTPFILL_E2E=off       skip the browser tests entirely
//	OTPFILL_E2E_KEEP=1    keep temp dirs (profiles, logs) for debugging
//	OTPFILL_E2E_BROWSERS  comma list to restrict (chromium,firefox)
package e2e
