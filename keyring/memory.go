package keyring

import "sync"

// Memory is a Store in memory, for tests. Fail, when set, makes every call
// fail as an unreachable keyring would.
type Memory struct {
	mu    sync.Mutex
	items map[string]string
	Fail  error
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{items: map[string]string{}} }

func (m *Memory) Get(service, item string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		return "", describe(m.Fail, service, item, "")
	}
	v, ok := m.items[service+"\x00"+item]
	if !ok {
		return "", NotFound(service, item)
	}
	return v, nil
}

func (m *Memory) Set(service, item, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		return describe(m.Fail, service, item, secret)
	}
	m.items[service+"\x00"+item] = secret
	return nil
}

func (m *Memory) Delete(service, item string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		return describe(m.Fail, service, item, "")
	}
	k := service + "\x00" + item
	if _, ok := m.items[k]; !ok {
		return NotFound(service, item)
	}
	delete(m.items, k)
	return nil
}

// Len is the number of items stored.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}
