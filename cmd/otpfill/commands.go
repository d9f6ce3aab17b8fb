package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/otpfill/otpfill/vault"
)

func (c *cli) path() (string, error) {
	if c.vaultPath != "" {
		return vault.ExpandPath(c.vaultPath)
	}
	return vault.DefaultPath()
}

// kdf is the shipped Argon2id cost, or a tiny one for tests.
func kdf() vault.KDFParams {
	if os.Getenv("OTPFILL_KDF") == "fast" {
		return vault.FastKDF
	}
	return vault.DefaultKDF
}

// open unlocks the vault, turning low-level errors into advice.
func (c *cli) open() (*vault.Vault, error) {
	path, err := c.path()
	if err != nil {
		return nil, err
	}
	// Probe first (no KDF): a missing or damaged vault is reported before
	// anyone types a passphrase. It reads the file once more; the CLI can
	// afford that.
	if err := vault.Probe(path); err != nil {
		if errors.Is(err, vault.ErrNoVault) {
			return nil, fmt.Errorf("no vault at %s: run 'otpfill init' first", path)
		}
		return nil, err
	}
	pass, err := c.passphrase("Passphrase: ")
	if err != nil {
		return nil, err
	}
	defer wipe(pass)
	return vault.Open(path, pass)
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

func (c *cli) cmdInit(args []string) error {
	fs := c.flags("init")
	if err := parseNone(fs, args); err != nil {
		return err
	}
	path, err := c.path()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("a vault already exists at %s (use 'otpfill passwd' to change its passphrase)", path)
	}
	pass, err := c.newPassphrase(c.passphraseFile())
	if err != nil {
		return err
	}
	defer wipe(pass)
	v, err := vault.Create(path, pass, kdf())
	if err != nil {
		return err
	}
	v.Close()
	fmt.Fprintf(c.stdout, "Created an empty vault at %s\n", path)
	return nil
}

func (c *cli) cmdAdd(args []string) error {
	fs := c.flags("add")
	secret := fs.String("secret", "", "base32 secret key as the enrollment page shows it")
	account := fs.String("account", "", "account (UPN or e-mail) the secret belongs to")
	issuer := fs.String("issuer", "Microsoft", "issuer")
	tenant := fs.String("tenant", "", "tenant (organisation) name, e.g. Contoso")
	replace := fs.Bool("replace", false, "replace an existing entry for the same account and tenant")
	qrFile := fs.String("qr", "", "read an otpauth QR code from a PNG or JPEG screenshot `FILE`")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	var e vault.Entry
	switch {
	case *qrFile != "" && *secret == "" && len(pos) == 0:
		if e, err = entryFromQRFile(*qrFile); err != nil {
			return err
		}
	case len(pos) == 1 && *secret == "":
		if e, err = vault.ParseURI(pos[0]); err != nil {
			return err
		}
	case len(pos) == 0 && *secret != "" && *account != "":
		e = vault.Entry{Issuer: *issuer, Account: *account, Tenant: *tenant, Secret: *secret}
		if e.Secret, err = vault.NormalizeSecret(e.Secret); err != nil {
			return err
		}
	default:
		return usageError{"add takes an otpauth:// URI, or --secret and --account, or --qr FILE"}
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	added, err := v.Add(e, *replace)
	if errors.Is(err, vault.ErrExists) {
		return fmt.Errorf("an entry for %s already exists; add --replace to take the new secret", e.Label())
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Added %s (id %s)\n", added.Label(), added.ID)
	return nil
}

// listed is what list shows of an entry: never the secret.
type listed struct {
	ID        string    `json:"id"`
	Issuer    string    `json:"issuer"`
	Account   string    `json:"account"`
	Tenant    string    `json:"tenant"`
	Algorithm string    `json:"algorithm"`
	Digits    int       `json:"digits"`
	Period    int       `json:"period"`
	Created   time.Time `json:"created"`
	Label     string    `json:"label,omitempty"` // set in the popup
}

func (c *cli) cmdList(args []string) error {
	fs := c.flags("list")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseNone(fs, args); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	entries := v.Entries()
	out := make([]listed, len(entries))
	for i, e := range entries {
		out[i] = listed{e.ID, e.Issuer, e.Account, e.Tenant, e.Algorithm, e.Digits, e.Period, e.Created, e.Nickname}
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(out) == 0 {
		fmt.Fprintln(c.stdout, "The vault is empty. Add a secret with 'otpfill add'.")
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tISSUER\tTENANT\tACCOUNT\tLABEL")
	for _, e := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Issuer, e.Tenant, e.Account, e.Label)
	}
	return tw.Flush()
}

// pick finds exactly one entry for an ID, account or Tenant:Account.
func pick(entries []vault.Entry, key string) (vault.Entry, error) {
	found := vault.Find(entries, key)
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return vault.Entry{}, fmt.Errorf("no entry matches %q ('otpfill list' shows them)", key)
	}
	var cands []string
	for _, e := range found {
		cands = append(cands, fmt.Sprintf("%s (%s)", e.ID, e.Label()))
	}
	return vault.Entry{}, fmt.Errorf("%q is ambiguous; name one of: %s", key, strings.Join(cands, ", "))
}

func (c *cli) cmdCode(args []string) error {
	fs := c.flags("code")
	at := fs.String("at", "", "compute the code at `UNIX_SECONDS` instead of now")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"code takes one ACCOUNT (or entry id)"}
	}
	when := time.Now()
	if *at != "" {
		sec, err := strconv.ParseInt(*at, 10, 64)
		if err != nil || sec < 0 {
			return usageError{"--at takes whole seconds since 1970"}
		}
		when = time.Unix(sec, 0)
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	e, err := pick(v.Entries(), pos[0])
	if err != nil {
		return err
	}
	code, err := e.Code(when)
	if err != nil {
		return err
	}
	if *at == "" {
		// A person may type this code: record it so a browser fill does not
		// hand out the same one (Microsoft rejects a reused code).
		step := e.Step(when)
		prev, err := v.MarkStepUsed(e.ID, step)
		if err != nil {
			// The code is still right; only the replay bookkeeping failed.
			fmt.Fprintf(c.stderr, "otpfill: warning: could not record the code as used: %v\n", err)
		} else if prev > step {
			fmt.Fprintf(c.stderr, "otpfill: note: a newer code of this entry was already used for a sign-in; Microsoft may reject this one for the next %ds\n",
				int(time.Until(e.StepStart(prev+1)).Seconds()))
		}
	}
	fmt.Fprintln(c.stdout, code)
	return nil
}

func (c *cli) cmdRemove(args []string) error {
	fs := c.flags("remove")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"remove takes one entry id or account"}
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	e, err := pick(v.Entries(), pos[0])
	if err != nil {
		return err
	}
	if err := v.Remove(e.ID); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Removed %s (id %s)\n", e.Label(), e.ID)
	return nil
}

func (c *cli) cmdPasswd(args []string) error {
	fs := c.flags("passwd")
	newFile := fs.String("new-passphrase-file", "", "read the new passphrase from the first line of `FILE`")
	if err := parseNone(fs, args); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	pass, err := c.newPassphrase(*newFile)
	if err != nil {
		return err
	}
	defer wipe(pass)
	if err := v.ChangePassphrase(pass, vault.KDFParams{}); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "Passphrase changed. Browsers lock until you unlock them with the new one.")
	return nil
}

func (c *cli) cmdExport(args []string) error {
	fs := c.flags("export")
	plain := fs.Bool("plaintext", false, "confirm that the secrets are printed in plain text")
	qrAccount := fs.String("qr", "", "show one `ACCOUNT` as a QR code, to copy it to a phone app")
	if err := parseNone(fs, args); err != nil {
		return err
	}
	if !*plain && *qrAccount == "" {
		return errors.New("export prints every secret in plain text; add --plaintext to confirm (and keep the output safe)")
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	if *qrAccount != "" {
		e, err := pick(v.Entries(), *qrAccount)
		if err != nil {
			return err
		}
		return c.printQR(c.stdout, e)
	}
	w := bufio.NewWriter(c.stdout)
	for _, e := range v.Entries() {
		fmt.Fprintln(w, e.URI())
	}
	return w.Flush()
}

func (c *cli) cmdImport(args []string) error {
	fs := c.flags("import")
	replace := fs.Bool("replace", false, "take the imported secret when an entry for the same account exists")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	in := c.stdin
	switch {
	case len(pos) > 1:
		return usageError{"import takes at most one FILE"}
	case len(pos) == 1 && pos[0] != "-":
		f, err := os.Open(pos[0])
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", pos[0], err)
		}
		defer f.Close()
		in = f
	case c.passphraseFile() == "":
		return errors.New("import reads the URIs from standard input here, so give the passphrase with --passphrase-file or OTPFILL_PASSPHRASE_FILE (or name the input FILE)")
	}
	entries, skipped, bad, err := readImport(in)
	if err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	res, err := v.Import(entries, *replace)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Imported %d, skipped %d duplicates", res.Added, res.Duplicates)
	if skipped > 0 {
		fmt.Fprintf(c.stdout, " and %d counter-based (HOTP) or MD5 codes otpfill cannot use", skipped)
	}
	if res.Conflicts > 0 {
		fmt.Fprintf(c.stdout, ", kept %d existing entries that have a different secret (--replace takes the imported ones)", res.Conflicts)
	}
	fmt.Fprintln(c.stdout, ".")
	if len(bad) > 0 {
		return fmt.Errorf("%d line(s) not imported: %s", len(bad), strings.Join(bad, "; "))
	}
	return nil
}

// readImport reads otpauth URIs and Google Authenticator exports
// (otpauth-migration://), one per line; blank lines and # comments are
// skipped, a bad line is named by its number (never its content).
func readImport(in io.Reader) (entries []vault.Entry, skipped int, bad []string, err error) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		got, skip, err := parseImportLine(line)
		if err != nil {
			bad = append(bad, fmt.Sprintf("line %d: %v", n, err))
			continue
		}
		entries, skipped = append(entries, got...), skipped+skip
	}
	if err := sc.Err(); err != nil {
		return nil, 0, nil, fmt.Errorf("cannot read the import: %w", err)
	}
	return entries, skipped, bad, nil
}

func parseImportLine(line string) ([]vault.Entry, int, error) {
	if strings.HasPrefix(strings.ToLower(line), "otpauth-migration:") {
		return vault.ParseMigration(line)
	}
	e, err := vault.ParseURI(line)
	if err != nil {
		return nil, 0, err
	}
	return []vault.Entry{e}, 0, nil
}

func (c *cli) cmdVersion(args []string) error {
	fmt.Fprintf(c.stdout, "otpfill %s (protocol 1)\n", versionString())
	return nil
}
