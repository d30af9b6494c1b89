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

// The Refunds tab: the payments kept to refund, a button each.
function showTab(refunds) {
	$("panes").hidden = refunds;
	$("refunds-pane").hidden = !refunds;
	$("tab-refunds").setAttribute("aria-pressed", String(refunds));
}

async function loadRefunds() {
	for (const b of document.querySelectorAll("#kinds button[data-kind]"))
		b.setAttribute("aria-pressed", "false");
	showTab(true);
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

function guarded(fn) {
	return (...a) => fn(...a).catch((e) => { if (e.status !== 401) say(e.message, true); });
}

document.addEventListener("DOMContentLoaded", () => {
	$("login-form").addEventListener("submit", guarded(signIn));
	$("signout").addEventListener("click", guarded(signOut));
	for (const b of document.querySelectorAll("#kinds button[data-kind]"))
		b.addEventListener("click", guarded(async () => {
			showTab(false);
			state.kind = b.dataset.kind;
			state.page = 1;
			state.current = null;
			$("detail-pane").hidden = true;
			dropBlobs();
			await loadQueue();
		}));
	$("tab-refunds").addEventListener("click", guarded(loadRefunds));
	$("prev").addEventListener("click", guarded(async () => { state.page--; await loadQueue(); }));
	$("next").addEventListener("click", guarded(async () => { state.page++; await loadQueue(); }));
	$("approve").addEventListener("click", () => decide(true));
	$("reject").addEventListener("click", () => decide(false));
	if (token()) start(); else show("login");
});
