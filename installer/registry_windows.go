//go:build windows

package installer

import (
	"unsafe"

	"golang.org/x/sys/windows"
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

func (winRegistry) GetString(root Root, key, name string) (string, error) {
	k, err := registry.OpenKey(hive(root), key, registry.QUERY_VALUE)
	if err != nil {
		return "", errNoKey
	}
	defer k.Close()
	v, _, err := k.GetStringValue(name)
	if err == registry.ErrNotExist {
		return "", errNoKey
	}
	return v, err
}

func (winRegistry) SetExpandString(root Root, key, name, value string) error {
	k, _, err := registry.CreateKey(hive(root), key, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	return k.SetExpandStringValue(name, value)
}

func (winRegistry) DeleteValue(root Root, key, name string) error {
	k, err := registry.OpenKey(hive(root), key, registry.SET_VALUE)
	if err != nil {
		return nil
	}
	defer k.Close()
	if err := k.DeleteValue(name); err != nil && err != registry.ErrNotExist {
		return err
	}
	return nil
}

var sendMessageTimeout = windows.NewLazySystemDLL("user32.dll").NewProc("SendMessageTimeoutW")

// notifyEnvironmentChange broadcasts WM_SETTINGCHANGE "Environment", as
// setx does, so Explorer gives new terminals the new Path.
func notifyEnvironmentChange() {
	const (
		hwndBroadcast   = 0xffff
		wmSettingChange = 0x001A
		smtoAbortIfHung = 0x0002
	)
	env, err := windows.UTF16PtrFromString("Environment")
	if err != nil {
		return
	}
	var result uintptr
	sendMessageTimeout.Call(hwndBroadcast, wmSettingChange, 0, uintptr(unsafe.Pointer(env)), smtoAbortIfHung, 5000, uintptr(unsafe.Pointer(&result)))
}
