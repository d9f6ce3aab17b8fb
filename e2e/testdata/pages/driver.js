// Start page on a non-Microsoft host: it only waits for the first order.
document.getElementById('fx-root').textContent = 'otpfill e2e driver';
