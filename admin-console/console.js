// The review console (README, "Review by administrators"): plain
// JavaScript, no build step, no library.  It signs in through the
// directory's POST /api/login/, keeps the token in sessionStorage (gone
// with the tab) and sends it in header `token` to /admin/api/...;
// private documents are fetched with that header and shown as blob URLs,
// since an <img> cannot send a header.
"use strict";

const API = "/admin/api";
const state = { kind: "real-name", page: 1, size: 20, current: null,
	blobs: [] };

const $ = (id) => document.getElementById(id);

function token() { return sessionStorage.getItem("zufang_admin_token"); }

function say(text, error) {
	const m = $("message");
	m.textContent = text || "";
	m.className = error ? "error" : "";
}

// A call of the admin API: the data, or an Error with the envelope's text
// (status 401 sends the person back to the sign-in form).
async function api(method, path, form) {
	const opts = { method, headers: { token: token() || "" } };
	if (form) {
		opts.body = new URLSearchParams(form);
		opts.headers["Content-Type"] = "application/x-www-form-urlencoded";
	}
	const r = await fetch(API + path, opts);
	let body = null;
	try { body = await r.json(); } catch (e) { body = null; }
	if (r.status === 401) signedOut("Please sign in.");
	if (!r.ok || !body || !body.ok) {
		const err = new Error(body && body.error ? body.error : "HTTP " + r.status);
		err.status = r.status;
		throw err;
	}
	return body.data;
}

function show(view) {
	$("login-view").hidden = view !== "login";
	$("main-view").hidden = view !== "main";
	$("signout").hidden = view !== "main";
}

function signedOut(text) {
	sessionStorage.removeItem("zufang_admin_token");
	$("who").textContent = "";
	show("login");
	say(text, true);
}

async function signIn(ev) {
	ev.preventDefault();
	say("Signing in...");
	const r = await fetch("/api/login/", {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify({ username: $("username").value,
			password: $("password").value }),
	});
	let body = {};
	try { body = await r.json(); } catch (e) { body = {}; }
	if (!r.ok || !body.token) {
		say(body.message || "Sign-in failed.", true);
		return;
	}
	sessionStorage.setItem("zufang_admin_token", body.token);
	$("password").value = "";
	await start();
}

async function signOut() {
	try {
		await fetch("/api/login/", { method: "DELETE",
			headers: { token: token() || "" } });
	} finally {
		signedOut("Signed out.");
	}
}

async function start() {
	try {
		const me = await api("GET", "/whoami");
		$("who").textContent = me.name ? me.name + " (#" + me.id + ")" : "#" + me.id;
		show("main");
		say("");
		await loadQueue();
	} catch (e) {
		if (e.status === 403)
			signedOut("This account is not an administrator.");
		else if (e.status !== 401)
			say(e.message, true);
	}
}

function cell(tr, text) {
	const td = document.createElement("td");
	td.textContent = text == null ? "" : String(text);
	tr.appendChild(td);
}

async function loadQueue() {
	for (const b of document.querySelectorAll("#kinds button"))
		b.setAttribute("aria-pressed", String(b.dataset.kind === state.kind));
	const q = await api("GET", "/queue/" + state.kind + "?page=" + state.page +
		"&size=" + state.size);
	$("queue-title").textContent = "Pending " + state.kind + " (" + q.total + ")";
	const body = $("queue").tBodies[0];
	body.replaceChildren();
	for (const it of q.items) {
		const tr = document.createElement("tr");
		tr.dataset.userId = it.user_id;
		tr.id = "row-" + state.kind + "-" + it.user_id;
		cell(tr, it.user_id);
		cell(tr, it.name);
		cell(tr, state.kind === "real-name" ? it.id_card : it.certificates + " certificate(s)");
		cell(tr, it.since);
		tr.addEventListener("click", () => openSubmission(state.kind, it.user_id));
		body.appendChild(tr);
	}
	$("queue-empty").hidden = q.items.length > 0;
	const pages = Math.max(1, Math.ceil(q.total / state.size));
	$("page").textContent = state.page + " / " + pages;
	$("prev").disabled = state.page <= 1;
	$("next").disabled = state.page >= pages;
}

function field(dl, name, value) {
	const dt = document.createElement("dt");
	const dd = document.createElement("dd");
	dt.textContent = name;
	dd.textContent = value == null ? "—" : String(value);
	dl.append(dt, dd);
}

function dropBlobs() {
	for (const u of state.blobs) URL.revokeObjectURL(u);
	state.blobs = [];
}

// One private document, fetched with the token, as an image (or a link
// for a PDF, which an <img> cannot show).
async function showDocument(doc) {
	const fig = document.createElement("figure");
	const cap = document.createElement("figcaption");
	cap.textContent = doc.label;
	$("documents").appendChild(fig);
	const r = await fetch(doc.url, { headers: { token: token() || "" } });
	if (!r.ok) {
		cap.textContent = doc.label + ": cannot load (HTTP " + r.status + ")";
		fig.appendChild(cap);
		return;
	}
	const blob = await r.blob();
	const u = URL.createObjectURL(blob);
	state.blobs.push(u);
	if (blob.type.startsWith("image/")) {
		const img = document.createElement("img");
		img.alt = doc.label;
		img.className = "document";
		img.src = u;
		fig.appendChild(img);
	} else {
		const a = document.createElement("a");
		a.href = u;
		a.target = "_blank";
		a.rel = "noopener";
		a.className = "document";
		a.textContent = "open " + doc.label + " (" + blob.type + ")";
		fig.appendChild(a);
	}
	fig.appendChild(cap);
}

async function openSubmission(kind, uid) {
	dropBlobs();
	for (const tr of document.querySelectorAll("#queue tbody tr"))
		tr.classList.toggle("current", tr.dataset.userId === String(uid));
	const s = await api("GET", "/submissions/" + kind + "/" + uid);
	state.current = { kind, uid };
	$("detail-pane").hidden = false;
	$("detail-title").textContent = kind + " submission of user #" + uid +
		" — " + s.status_text;
	const dl = $("fields");
	dl.replaceChildren();
	field(dl, "User", s.user_id);
	field(dl, "Status", s.status_text);
	if (kind === "real-name") {
		field(dl, "Real name", s.real_name);
		field(dl, "ID number", s.id_card);
		field(dl, "Submitted", s.since);
	} else {
		for (const c of s.certificates) {
			field(dl, "Certificate", c.number);
			field(dl, "Name on it", c.certname);
			field(dl, "Kind", c.house_type === 1 ? "owned" : "leased");
			field(dl, "Submitted", c.since);
		}
	}
	const ul = $("decisions");
	ul.replaceChildren();
	for (const d of s.decisions) {
		const li = document.createElement("li");
		li.textContent = d.at + " " + d.decision + " by " +
			(d.admin_id == null ? "command line" : "#" + d.admin_id) +
			(d.reason ? ": " + d.reason : "");
		ul.appendChild(li);
	}
	$("documents").replaceChildren();
	$("reason").value = "";
	const pending = s.status === 1;
	$("approve").disabled = !pending;
	$("reject").disabled = !pending;
	await Promise.all(s.documents.map(showDocument));
}

async function decide(approve) {
	if (!state.current) return;
	const { kind, uid } = state.current;
	const reason = $("reason").value.trim();
	if (!approve && (reason.length < 1 || [...reason].length > 200)) {
		say("A rejection needs a reason of 1-200 characters.", true);
		return;
	}
	try {
		const d = await api("POST", "/submissions/" + kind + "/" + uid + "/" +
			(approve ? "approve" : "reject"), approve ? {} : { reason });
		say(kind + " submission of user #" + uid + " " + d.status_text + ".");
		await openSubmission(kind, uid);
		await loadQueue();
	} catch (e) {
		say(e.message, true);
	}
}

// One tab's panes shown, the others' hidden: "queue" (the two review
// queues), "refunds" or "reports".
function showTab(tab) {
	$("panes").hidden = tab !== "queue";
	$("refunds-pane").hidden = tab !== "refunds";
	$("reports-pane").hidden = tab !== "reports";
	$("tab-refunds").setAttribute("aria-pressed", String(tab === "refunds"));
	$("tab-reports").setAttribute("aria-pressed", String(tab === "reports"));
	if (tab !== "queue")
		for (const b of document.querySelectorAll("#kinds button[data-kind]"))
			b.setAttribute("aria-pressed", "false");
}

// The Refunds tab: the payments kept to refund, a button each.
async function loadRefunds() {
	showTab("refunds");
	const d = await api("GET", "/refunds");
	$("refunds-title").textContent = "Refundable payments (" + d.items.length + ")";
	const body = $("refunds").tBodies[0];
	body.replaceChildren();
	for (const it of d.items) {
		const tr = document.createElement("tr");
		tr.id = "refund-" + it.payment_id;
		cell(tr, it.payment_id);
		cell(tr, it.out_trade_no);
		cell(tr, it.amount);
		cell(tr, it.refunded + (it.unfinished !== "0.00" ?
			" (+" + it.unfinished + " unfinished)" : ""));
		cell(tr, it.left);
		cell(tr, it.paid_at);
		cell(tr, it.paid_for);
		const td = document.createElement("td");
		const amount = document.createElement("input");
		amount.className = "refund-amount";
		amount.placeholder = it.left;
		amount.size = 8;
		td.appendChild(amount);
		tr.appendChild(td);
		const bt = document.createElement("td");
		const b = document.createElement("button");
		b.type = "button";
		b.className = "refund";
		b.textContent = "Refund";
		b.addEventListener("click", () => refund(it.payment_id, amount.value.trim()));
		bt.appendChild(b);
		tr.appendChild(bt);
		body.appendChild(tr);
	}
	$("refunds-empty").hidden = d.items.length > 0;
}

async function refund(pay, amount) {
	const form = {};
	const reason = $("refund-reason").value.trim();
	if (amount) form.amount = amount;
	if (reason) form.reason = reason;
	if (!confirm("Refund " + (amount || "all that is left") + " of payment #" + pay + "?"))
		return;
	try {
		const d = await api("POST", "/refunds/" + pay, form);
		say("Refund " + d.out_request_no + ": payment #" + pay + ", " +
			d.amount + " yuan refunded.");
	} catch (e) {
		say(e.message, true);
	}
	await loadRefunds();
}

// The Reports tab: the listings users reported (one row each, oldest
// report first), a listing's reports and pull-offs beside the list, and
// per row Pull off (with the shared reason) or Dismiss its open reports.
const reports = { page: 1, size: 20, current: null };

function button(cls, text, fn) {
	const b = document.createElement("button");
	b.type = "button";
	b.className = cls;
	b.textContent = text;
	// the row's own click opens the details; a button does only its own
	b.addEventListener("click", (ev) => { ev.stopPropagation(); fn(); });
	return b;
}

async function loadReports() {
	showTab("reports");
	let d = await api("GET", "/reports?page=" + reports.page + "&size=" + reports.size);
	const pages = Math.max(1, Math.ceil(d.total / reports.size));
	if (reports.page > pages) {	// the last page's last row left
		reports.page = pages;
		d = await api("GET", "/reports?page=" + reports.page + "&size=" + reports.size);
	}
	$("reports-title").textContent = "Reported listings (" + d.total + ")";
	const body = $("reports").tBodies[0];
	body.replaceChildren();
	for (const it of d.items) {
		const tr = document.createElement("tr");
		tr.id = "report-" + it.id;
		tr.dataset.listingId = it.id;
		tr.classList.toggle("current", reports.current === it.id);
		cell(tr, it.id);
		cell(tr, it.title);
		cell(tr, "#" + it.owner_id);
		cell(tr, it.status_text);
		cell(tr, it.open_reports);
		cell(tr, it.since);
		cell(tr, it.last_reason);
		const td = document.createElement("td");
		td.className = "actions";
		td.append(button("details", "Details", guarded(() => openListing(it.id))),
			button("pulloff", "Pull off", () => pullOff(it)),
			button("dismiss", "Dismiss", () => dismiss(it)));
		tr.appendChild(td);
		tr.addEventListener("click", guarded(() => openListing(it.id)));
		body.appendChild(tr);
	}
	$("reports-empty").hidden = d.items.length > 0;
	$("reports-page").textContent = reports.page + " / " + pages;
	$("reports-prev").disabled = reports.page <= 1;
	$("reports-next").disabled = reports.page >= pages;
}

// A report's state as the listing view words it, for people.
const REPORT_STATES = { open: "open", pulled_off: "listing pulled off",
	dismissed: "dismissed" };

function by(admin) { return admin == null ? "command line" : "#" + admin; }

function item(ul, text) {
	const li = document.createElement("li");
	li.textContent = text;
	ul.appendChild(li);
}

async function openListing(id) {
	for (const tr of document.querySelectorAll("#reports tbody tr"))
		tr.classList.toggle("current", tr.dataset.listingId === String(id));
	const l = await api("GET", "/listings/" + id);
	reports.current = id;
	$("report-detail").hidden = false;
	$("report-detail-title").textContent = "Listing #" + l.id + " — " + l.status_text;
	const dl = $("report-fields");
	dl.replaceChildren();
	field(dl, "Title", l.title);
	field(dl, "Owner", "#" + l.owner_id);
	field(dl, "Status", l.status_text);
	if (l.pulloff_reason != null) field(dl, "Pull-off reason", l.pulloff_reason);
	const ul = $("report-reports");
	ul.replaceChildren();
	for (const r of l.reports)
		item(ul, r.at + " #" + r.id + " by user #" + r.reporter_id + ": " +
			r.reason + " — " + (REPORT_STATES[r.state] || r.state) +
			(r.state !== "open" ? " (" + by(r.resolved_by) + ", " + r.resolved_at + ")" : ""));
	if (!l.reports.length) item(ul, "None.");
	const po = $("report-pulloffs");
	po.replaceChildren();
	for (const p of l.pulloffs)
		item(po, p.at + " by " + by(p.admin_id) + ": " + p.reason);
	if (!l.pulloffs.length) item(po, "None.");
}

// After an action: the list again (the row has left it) and the details
// of the listing acted on, which show the outcome.
async function afterReport(id) {
	reports.current = id;
	await loadReports();
	await openListing(id);
}

async function pullOff(it) {
	const reason = $("report-reason").value.trim();
	if (reason.length < 1 || [...reason].length > 200) {
		say("A pull-off needs a reason of 1-200 characters.", true);
		$("report-reason").focus();
		return;
	}
	if (!confirm("Pull off listing #" + it.id + " (" + (it.title || "untitled") +
		") with the reason \u201c" + reason + "\u201d?"))
		return;
	try {
		const d = await api("POST", "/listings/" + it.id + "/pulloff", { reason });
		say("Listing #" + d.id + " " + d.status_text.replace("_", " ") +
			"; its reports are resolved.");
		$("report-reason").value = "";
	} catch (e) {
		say(e.message, true);
	}
	await afterReport(it.id).catch((e) => { if (e.status !== 401) say(e.message, true); });
}

async function dismiss(it) {
	if (!confirm("Dismiss the " + it.open_reports + " open report(s) of listing #" +
		it.id + " (" + (it.title || "untitled") + ")? The listing stays as it is."))
		return;
	try {
		const d = await api("POST", "/listings/" + it.id + "/dismiss");
		say("Listing #" + d.id + ": " + d.dismissed + " report(s) dismissed.");
	} catch (e) {
		say(e.message, true);
	}
	await afterReport(it.id).catch((e) => { if (e.status !== 401) say(e.message, true); });
}

function guarded(fn) {
	return (...a) => fn(...a).catch((e) => { if (e.status !== 401) say(e.message, true); });
}

document.addEventListener("DOMContentLoaded", () => {
	$("login-form").addEventListener("submit", guarded(signIn));
	$("signout").addEventListener("click", guarded(signOut));
	for (const b of document.querySelectorAll("#kinds button[data-kind]"))
		b.addEventListener("click", guarded(async () => {
			showTab("queue");
			state.kind = b.dataset.kind;
			state.page = 1;
			state.current = null;
			$("detail-pane").hidden = true;
			dropBlobs();
			await loadQueue();
		}));
	$("tab-refunds").addEventListener("click", guarded(loadRefunds));
	$("tab-reports").addEventListener("click", guarded(async () => {
		reports.page = 1;
		await loadReports();
	}));
	$("reports-prev").addEventListener("click", guarded(async () => { reports.page--; await loadReports(); }));
	$("reports-next").addEventListener("click", guarded(async () => { reports.page++; await loadReports(); }));
	$("prev").addEventListener("click", guarded(async () => { state.page--; await loadQueue(); }));
	$("next").addEventListener("click", guarded(async () => { state.page++; await loadQueue(); }));
	$("approve").addEventListener("click", () => decide(true));
	$("reject").addEventListener("click", () => decide(false));
	if (token()) start(); else show("login");
});
