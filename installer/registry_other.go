//go:build !windows

package installer

// SystemRegistry is only real on Windows; elsewhere nothing reads it.
func SystemRegistry() Registry { return MapRegistry{} }

// notifyEnvironmentChange: only Windows programs cache the environment.
func notifyEnvironmentChange() {}
