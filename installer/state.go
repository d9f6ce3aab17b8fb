package installer

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
)

// StateFile records exactly what install wrote, so uninstall removes that
// and nothing else.
const StateFile = "install-state.json"

// RegEntry is a registry key install created.
type RegEntry struct {
	Root  Root   `json:"root"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

// State is the content of the state file.
type State struct {
	Version  int        `json:"version"`
	System   bool       `json:"system"`
	Binary   string     `json:"binary"`
	Files    []string   `json:"files"`
	Dirs     []string   `json:"dirs"` // created by install, outermost first
	Registry []RegEntry `json:"registry,omitempty"`
	ExtraIDs []string   `json:"extra_ids,omitempty"`
	Browsers []string   `json:"browsers,omitempty"`
	// otpfill on PATH: the symlink made (Linux, macOS) or the directory
	// added to Path (Windows; PathCreated: the Path value did not exist).
	Link        string `json:"link,omitempty"`
	PathDir     string `json:"path_dir,omitempty"`
	PathCreated bool   `json:"path_created,omitempty"`
}

var errNoKey = errors.New("registry key not found")

// LoadState reads the state file in dir; a missing file is an empty state.
func LoadState(dir string) (*State, error) {
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	if errors.Is(err, os.ErrNotExist) {
		return &State{Version: 1}, nil
	}
	if err != nil {
		return nil, err
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, errors.New("the install state file is damaged: " + err.Error())
	}
	return &s, nil
}

func (s *State) save(dir string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, StateFile), b, 0o600)
}

func (s *State) addFile(p string) {
	if !slices.Contains(s.Files, p) {
		s.Files = append(s.Files, p)
	}
}

func (s *State) addDir(p string) {
	if !slices.Contains(s.Dirs, p) {
		s.Dirs = append(s.Dirs, p)
	}
}

func (s *State) addReg(e RegEntry) {
	for i := range s.Registry {
		if s.Registry[i].Root == e.Root && s.Registry[i].Key == e.Key {
			s.Registry[i] = e
			return
		}
	}
	s.Registry = append(s.Registry, e)
}

// ExtraIDsNear returns the extra extension ids recorded by the install
// whose binary is exe (the state file sits beside it). The host accepts
// them besides otpfill's own ids.
func ExtraIDsNear(exe string) []string {
	s, err := LoadState(filepath.Dir(exe))
	if err != nil {
		return nil
	}
	return s.ExtraIDs
}

// writeFileAtomic writes via a temp file and a rename, so a browser never
// reads half a manifest and a reinstall never leaves half a binary.
func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, mode)
	}
	if werr == nil {
		werr = replaceFile(name, path)
	}
	if werr != nil {
		os.Remove(name)
	}
	return werr
}
