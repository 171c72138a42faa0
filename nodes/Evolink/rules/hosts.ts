/**
 * Which hosts are not public: Evolink refuses to call back to loopback, private and other
 * non-public addresses, and so does the node, before anything is sent. Works on the host name as
 * WHATWG's URL parser leaves it (which rewrites IPv4 written as one number or in hex into dotted
 * form, and IPv4-mapped IPv6 into hex groups, and keeps a trailing dot). No DNS lookup is made:
 * a public name that resolves to a private address passes here, and Evolink decides.
 */

/** Names that only resolve inside a machine or a local network (RFC 6761, 6762, 8375, common use). */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa', '.localdomain'];
const LOCAL_NAMES = new Set(['localhost', 'ip6-localhost', 'ip6-loopback']);

function isPrivateIpv4(octets: number[]): boolean {
	const [a, b, c] = octets;
	return (
		a === 0 || // "this network"
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
		(a === 169 && b === 254) || // link-local
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 0 && (c === 0 || c === 2)) || // IETF protocol assignments, documentation
		(a === 192 && b === 168) ||
		(a === 198 && (b === 18 || b === 19)) || // benchmarking
		(a === 198 && b === 51 && c === 100) || // documentation
		(a === 203 && b === 0 && c === 113) || // documentation
		a >= 224 // multicast, reserved, broadcast
	);
}

function parseIpv4(host: string): number[] | undefined {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!match) return undefined;
	const octets = match.slice(1).map(Number);
	return octets.every((octet) => octet <= 255) ? octets : undefined;
}

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function parseIpv6(host: string): number[] | undefined {
	let text = host;
	const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (dotted) {
		const v4 = parseIpv4(dotted[1]);
		if (!v4) return undefined;
		text = `${text.slice(0, -dotted[1].length)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return undefined;
	const groups = (part: string) => (part === '' ? [] : part.split(':'));
	const head = groups(halves[0]);
	const tail = halves.length === 2 ? groups(halves[1]) : [];
	const missing = 8 - head.length - tail.length;
	if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
	const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
	if (!all.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
	return all.map((group) => parseInt(group, 16));
}

function ipv4Of(high: number, low: number): number[] {
	return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

function isPrivateIpv6(g: number[]): boolean {
	const zeros = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);
	if (zeros(0, 6)) return g[6] === 0 || isPrivateIpv4(ipv4Of(g[6], g[7])); // ::, ::1, IPv4-compatible
	if (zeros(0, 5) && g[5] === 0xffff) return isPrivateIpv4(ipv4Of(g[6], g[7])); // IPv4-mapped
	if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return isPrivateIpv4(ipv4Of(g[6], g[7])); // IPv4-translated
	if (g[0] === 0x64 && g[1] === 0xff9b) {
		// NAT64: the well-known prefix carries an IPv4 address; the local-use one is private.
		return zeros(2, 6) ? isPrivateIpv4(ipv4Of(g[6], g[7])) : g[2] === 1;
	}
	if (g[0] === 0x2002) return isPrivateIpv4(ipv4Of(g[1], g[2])); // 6to4
	if (g[0] === 0x2001 && g[1] === 0) return true; // Teredo: the IPv4 inside is obscured
	if (g[0] === 0x2001 && g[1] === 0xdb8) return true; // documentation
	if (g[0] === 0x100 && zeros(1, 4)) return true; // discard prefix
	return (g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0 || (g[0] & 0xff00) === 0xff00;
}

/**
 * True for hosts that are not public: local names (also with a trailing dot), names of one label
 * (they never resolve on the internet), and IP literals in non-public ranges in any form the URL
 * parser produces.
 */
export function isPrivateHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
	if (host.includes(':')) {
		const groups = parseIpv6(host);
		return groups === undefined || isPrivateIpv6(groups);
	}
	const v4 = parseIpv4(host);
	if (v4) return isPrivateIpv4(v4);
	if (/^[\d.]+$/.test(host)) return true; // numbers that are no valid address
	if (LOCAL_NAMES.has(host) || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return true;
	return !host.includes('.');
}
