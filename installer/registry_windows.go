//go:build windows

package installer

import (
	"golang.org/x/sys/windows/registry"
)

type winRegistry struct{}

// SystemRegistry is the machine's registry.
func SystemRegistry() Registry { return winRegistry{} }

func hive(r Root) registry.Key {
	if r == LocalMachine {
		return registry.LOCAL_MACHINE
	}
	return registry.CURRENT_USER
}

func (winRegistry) SetDefault(root Root, key, value string) error {
	k, _, err := registry.CreateKey(hive(root), key, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	return k.SetStringValue("", value)
}

func (winRegistry) GetDefault(root Root, key string) (string, error) {
	k, err := registry.OpenKey(hive(root), key, registry.QUERY_VALUE)
	if err != nil {
		return "", errNoKey
	}
	defer k.Close()
	v, _, err := k.GetStringValue("")
	return v, err
}

func (winRegistry) DeleteKey(root Root, key string) error {
	err := registry.DeleteKey(hive(root), key)
	if err == registry.ErrNotExist {
		return nil
	}
	return err
}
