package installer

// Root is a Windows registry hive.
type Root string

const (
	CurrentUser  Root = "HKCU"
	LocalMachine Root = "HKLM"
)

// Registry is the little of the Windows registry the installer needs: a
// key's default value (host manifests) and a named string value (Path in
// Environment). The real one is in registry_windows.go; tests use a map.
type Registry interface {
	SetDefault(root Root, key, value string) error
	GetDefault(root Root, key string) (string, error)
	DeleteKey(root Root, key string) error
	GetString(root Root, key, name string) (string, error)
	SetExpandString(root Root, key, name, value string) error // REG_EXPAND_SZ, as Windows keeps Path
	DeleteValue(root Root, key, name string) error
}

// MapRegistry is an in-memory Registry for tests and other OSes: default
// values under `ROOT\key`, named values under `ROOT\key|name`.
type MapRegistry map[string]string

func (m MapRegistry) GetString(root Root, key, name string) (string, error) {
	v, ok := m[string(root)+`\`+key+"|"+name]
	if !ok {
		return "", errNoKey
	}
	return v, nil
}

func (m MapRegistry) SetExpandString(root Root, key, name, value string) error {
	m[string(root)+`\`+key+"|"+name] = value
	return nil
}

func (m MapRegistry) DeleteValue(root Root, key, name string) error {
	delete(m, string(root)+`\`+key+"|"+name)
	return nil
}

func (m MapRegistry) SetDefault(root Root, key, value string) error {
	m[string(root)+`\`+key] = value
	return nil
}

func (m MapRegistry) GetDefault(root Root, key string) (string, error) {
	v, ok := m[string(root)+`\`+key]
	if !ok {
		return "", errNoKey
	}
	return v, nil
}

func (m MapRegistry) DeleteKey(root Root, key string) error {
	delete(m, string(root)+`\`+key)
	return nil
}
