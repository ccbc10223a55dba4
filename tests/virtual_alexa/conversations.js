#!/usr/bin/env node
/*
 * Back Relief through an independent Alexa client: Bespoken's virtual-alexa.
 *
 * virtual-alexa loads our en-US interaction model, matches each utterance to a sample the way it
 * does (literally: custom slot values must be a value or a synonym), builds the request envelope,
 * POSTs it unsigned to the running webhook, and plays the AudioPlayer directives it gets back
 * (sending PlaybackStarted / PlaybackStopped itself). Nothing here imports the skill's code.
 *
 *   node conversations.js --skill-url http://127.0.0.1:5000/alexa \
 *        --public-url https://skill.example.test --api-cert cert.pem --api-key key.pem [--only NAME]
 *
 * Prints one JSON object per line, one per conversation:
 *   {"name", "passed", "failures", "advisories", "turns": [{"say", "kind", "request", "events",
 *    "outputSpeech", "reprompt", "card", "directives", "shouldEndSession", "timers", "notes",
 *    "failures", "advisories"}]}
 * ("advisories" are things Alexa's documentation asks for that a response leaves out; they don't fail.)
 * and exits 0 when every conversation passed, 1 when one failed, 2 when it could not run at all.
 *
 * Where virtual-alexa stops short of Alexa, this script stands in, and says so in the turn notes:
 *  - Alexa's Timers API: a small HTTPS stand-in (--api-cert/--api-key, a certificate the skill
 *    server trusts) that records every call. The request filter points context.System.apiEndpoint
 *    at it, sets a device id, and adds a consent token once the person has granted the permission.
 *  - Connections.SendRequest (AskFor): virtual-alexa ignores it, so the person's answer is sent as
 *    the Connections.Response Alexa would send (in a new session, with the SendRequest's token).
 *  - Built-in slot values: Alexa's NLU sends AMAZON.NUMBER as digits ("ten" → "10") and
 *    AMAZON.DURATION as ISO-8601 ("five minutes" → "PT5M"); virtual-alexa sends the words.
 *  - Time: virtual-alexa's player never advances on its own; "wait" turns move its offset.
 *  - One-shots: a bare utterance with no session open is exactly Alexa's one-shot (a new session);
 *    virtual-alexa's own "ask X to Y" parsing is used where the phrase has that shape.
 *
 * virtual-alexa 0.7.8's own limits, worked around by the choice of words:
 *  - A sample with two adjacent slots ("my {area} {symptom}") never matches: its regex takes the
 *    first greedy split only. "my back hurts" is therefore sent with intend(), as the NLU would.
 *  - Any utterance containing "ask", "open", "launch", "tell" or "talk to" anywhere (even inside
 *    "tell me about ...") is taken for a launch phrase; only "ask X to Y" reaches an intent.
 *  - AMAZON.NUMBER words are known from one to twenty only; other slot types of AMAZON.* take any text.
 *  - "stop" while audio plays is sent as AMAZON.StopIntent (Alexa sends AMAZON.PauseIntent).
 *  - context.AudioPlayer is captured before virtual-alexa stops the audio for the person speaking,
 *    so a playing session shows as PLAYING (Alexa: STOPPED), at the right token and offset.
 *  - No Fallback: an utterance that matches no sample throws, and fails that turn.
 */
"use strict";

const fs = require("fs");
const https = require("https");
const path = require("path");
const crypto = require("crypto");

const { VirtualAlexa } = require("virtual-alexa");

// ------------------------------------------------------------------------------------------------
// Options
// ------------------------------------------------------------------------------------------------
function parseArgs(argv) {
    const options = {
        model: path.resolve(__dirname, "..", "..", "interaction_model", "interactionModels", "custom", "en-US.json"),
        publicUrl: "https://skill.example.test",
        only: [],
        requestTimeoutMs: 8000,         // Alexa gives a skill 8 seconds
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
            return argv[++i];
        };
        if (arg === "--skill-url") options.skillUrl = value();
        else if (arg === "--model") options.model = path.resolve(value());
        else if (arg === "--public-url") options.publicUrl = value().replace(/\/+$/, "");
        else if (arg === "--api-cert") options.apiCert = value();
        else if (arg === "--api-key") options.apiKey = value();
        else if (arg === "--only") options.only.push(value());
        else if (arg === "--list") options.list = true;
        else throw new Error(`unknown option ${arg}`);
    }
    if (!options.list) {
        if (!options.skillUrl) throw new Error("--skill-url is required");
        if (!options.apiCert || !options.apiKey) {
            throw new Error("--api-cert and --api-key are required (the Timers API stand-in serves HTTPS, "
                + "as the skill's API client insists on)");
        }
    }
    return options;
}

// ------------------------------------------------------------------------------------------------
// A stand-in for Alexa's Timers API (https://developer.amazon.com/docs/alexa/smapi/alexa-timers-api-reference.html)
// ------------------------------------------------------------------------------------------------
class FakeTimersApi {
    constructor(cert, key) {
        this.calls = [];
        this.timers = new Map();
        this.server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) },
            (req, res) => this.handle(req, res));
    }

    listen() {
        return new Promise((resolve, reject) => {
            this.server.once("error", reject);
            this.server.listen(0, "127.0.0.1", () => {
                this.endpoint = `https://127.0.0.1:${this.server.address().port}`;
                resolve(this.endpoint);
            });
        });
    }

    close() {
        return new Promise((resolve) => this.server.close(() => resolve()));
    }

    handle(req, res) {
        let body = "";
        req.setEncoding("utf8");
        req.on("data", (chunk) => { body += chunk; });
        req.on("end", () => {
            const url = req.url.split("?")[0];
            let parsed = null;
            try { parsed = body ? JSON.parse(body) : null; } catch (e) { parsed = body; }
            const call = { method: req.method, path: url, auth: req.headers.authorization || "", body: parsed };
            this.calls.push(call);
            const answer = (status, json) => {
                res.writeHead(status, { "Content-Type": "application/json" });
                res.end(json === undefined ? "" : JSON.stringify(json));
            };
            if (!/^Bearer \S+$/.test(call.auth)) return answer(401, { code: "UNAUTHORIZED", message: "no token" });
            const match = /^\/v1\/alerts\/timers(?:\/([^/]+))?(?:\/(pause|resume))?$/.exec(url);
            if (!match) return answer(404, { code: "NOT_FOUND", message: url });
            const [, id, action] = match;
            if (!id && req.method === "POST") {
                const timerId = crypto.randomUUID();
                const now = new Date().toISOString();
                this.timers.set(timerId, { status: "ON", request: parsed });
                return answer(200, { id: timerId, status: "ON", duration: parsed && parsed.duration,
                    timerLabel: parsed && parsed.timerLabel, createdTime: now, updatedTime: now });
            }
            if (!id && req.method === "DELETE") {          // cancel every timer the skill set
                this.timers.clear();
                return answer(200);
            }
            const timer = id && this.timers.get(id);
            if (!timer) return answer(404, { code: "TIMER_NOT_FOUND", message: `no timer ${id}` });
            if (action && req.method === "POST") {
                timer.status = action === "pause" ? "PAUSED" : "ON";
                return answer(200);
            }
            if (!action && req.method === "DELETE") {
                this.timers.delete(id);
                return answer(200);
            }
            return answer(405, { code: "METHOD_NOT_ALLOWED", message: req.method });
        });
    }
}

// ------------------------------------------------------------------------------------------------
// What Alexa's NLU does to built-in slot values and virtual-alexa doesn't
// ------------------------------------------------------------------------------------------------
const SMALL = { zero: 0, a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8,
    nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
    seventeen: 17, eighteen: 18, nineteen: 19 };
const TENS = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

function wordsToNumber(text) {
    const words = String(text).toLowerCase().replace(/-/g, " ").split(/\s+/).filter((w) => w && w !== "and");
    if (words.length === 0) return null;
    if (words.length === 1 && /^\d+(\.\d+)?$/.test(words[0])) return Number(words[0]);
    let total = 0;
    for (const word of words) {
        if (word in SMALL) total += SMALL[word];
        else if (word in TENS) total += TENS[word];
        else if (word === "hundred") total = (total || 1) * 100;
        else return null;
    }
    return total;
}

function durationToIso(text) {
    const phrase = String(text).toLowerCase().trim();
    if (/^half an hour$/.test(phrase)) return "PT30M";
    const units = { second: "S", seconds: "S", minute: "M", minutes: "M", hour: "H", hours: "H" };
    const parts = { H: 0, M: 0, S: 0 };
    const pattern = /([a-z0-9 -]+?)\s+(seconds?|minutes?|hours?)(?:\s+and\s+|\s*$)/g;
    let consumed = 0;
    let match;
    while ((match = pattern.exec(phrase)) !== null) {
        const amount = wordsToNumber(match[1]);
        if (amount === null) return null;
        parts[units[match[2]]] += amount;
        consumed = pattern.lastIndex;
    }
    if (consumed !== phrase.length) return null;
    return "PT" + (parts.H ? `${parts.H}H` : "") + (parts.M ? `${parts.M}M` : "") + (parts.S ? `${parts.S}S` : "");
}

function slotTypesByIntent(modelJson) {
    const languageModel = (modelJson.interactionModel || modelJson).languageModel;
    const types = {};
    for (const intent of languageModel.intents) {
        types[intent.name] = {};
        for (const slot of intent.slots || []) types[intent.name][slot.name] = slot.type;
    }
    return types;
}

// ------------------------------------------------------------------------------------------------
// Reading responses
// ------------------------------------------------------------------------------------------------
function ssmlToText(ssml) {
    if (!ssml) return "";
    return String(ssml)
        .replace(/<audio\b[^>]*src="([^"]*)"[^>]*\/?>/g, " [audio $1] ")
        .replace(/<[^>]+>/g, " ")
        .replace(/&apos;/g, "'").replace(/&quot;/g, "\"").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
        .replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, "&")
        .replace(/\s+/g, " ").trim();
}

function speechOf(outputSpeech) {
    if (!outputSpeech) return null;
    return outputSpeech.type === "PlainText" ? outputSpeech.text : ssmlToText(outputSpeech.ssml);
}

function summariseDirective(directive) {
    const summary = { type: directive.type };
    if (directive.type === "AudioPlayer.Play") {
        const stream = (directive.audioItem || {}).stream || {};
        Object.assign(summary, { playBehavior: directive.playBehavior, token: stream.token,
            offsetInMilliseconds: stream.offsetInMilliseconds, url: stream.url });
    } else if (directive.type === "Connections.SendRequest") {
        Object.assign(summary, { name: directive.name, token: directive.token, payload: directive.payload });
    } else if (directive.type === "AudioPlayer.ClearQueue") {
        summary.clearBehavior = directive.clearBehavior;
    }
    return summary;
}

function summariseRequest(json) {
    const request = json.request || {};
    const summary = { type: request.type };
    if (request.intent) {
        summary.intent = request.intent.name;
        summary.slots = {};
        for (const [name, slot] of Object.entries(request.intent.slots || {})) {
            if (!slot || slot.value === undefined) continue;
            const authorities = ((slot.resolutions || {}).resolutionsPerAuthority || []);
            const matched = authorities.find((a) => a.status && a.status.code === "ER_SUCCESS_MATCH");
            summary.slots[name] = { value: slot.value };
            if (matched) summary.slots[name].id = matched.values[0].value.id;
            else if (authorities.length) summary.slots[name].id = null;
        }
    }
    if (json.session) summary.sessionNew = Boolean(json.session.new);
    if (request.token !== undefined) summary.token = request.token;
    if (request.offsetInMilliseconds !== undefined) summary.offsetInMilliseconds = request.offsetInMilliseconds;
    if (request.payload !== undefined) summary.payload = request.payload;
    if (request.reason !== undefined) summary.reason = request.reason;
    const player = (json.context || {}).AudioPlayer;
    if (player) summary.player = player;
    return summary;
}

// Rules every response must keep, whatever the conversation (Alexa rejects or ignores the rest).
function protocolProblems(exchange, publicUrl) {
    const problems = [];
    const type = exchange.request.request.type;
    const body = exchange.response;
    if (!body || typeof body !== "object" || body.version !== "1.0" || typeof body.response !== "object") {
        return [`${type}: the answer is not a response envelope: ${JSON.stringify(body)}`];
    }
    const response = body.response;
    const silentOnly = type.startsWith("AudioPlayer.") || type === "SessionEndedRequest";
    if (silentOnly && (response.outputSpeech || response.card || response.reprompt)) {
        problems.push(`${type}: answered with speech, a card or a reprompt, which Alexa does not allow here`);
    }
    if (type === "AudioPlayer.PlaybackStopped" && (response.directives || []).length) {
        problems.push(`${type}: answered with directives, which Alexa does not allow here`);
    }
    if (type === "SessionEndedRequest" && (response.directives || []).length) {
        problems.push(`${type}: answered with directives`);
    }
    for (const speech of [response.outputSpeech, (response.reprompt || {}).outputSpeech]) {
        if (speech && speech.type === "SSML") {
            if (!/^<speak>[\s\S]*<\/speak>$/.test(speech.ssml || "")) problems.push(`SSML is not wrapped in <speak>: ${speech.ssml}`);
            for (const [, src] of (speech.ssml || "").matchAll(/<audio\b[^>]*src="([^"]*)"/g)) {
                if (!src.startsWith("https://")) problems.push(`SSML audio is not HTTPS: ${src}`);
            }
        }
    }
    for (const directive of response.directives || []) {
        if (directive.type !== "AudioPlayer.Play") continue;
        const stream = ((directive.audioItem || {}).stream) || {};
        if (!String(stream.url || "").startsWith(`${publicUrl}/audio/`)) {
            problems.push(`Play URL ${stream.url} is not under ${publicUrl}/audio/`);
        }
        if (!/^backrelief:(mat|meditation|heat|release):\d+:[0-9a-f]+$/.test(String(stream.token || ""))) {
            problems.push(`Play token ${stream.token} is not a Back Relief session token`);
        }
        if (!Number.isInteger(stream.offsetInMilliseconds) || stream.offsetInMilliseconds < 0) {
            problems.push(`Play offset ${stream.offsetInMilliseconds} is not a whole number of milliseconds`);
        }
    }
    return problems;
}

// Things Alexa's documentation asks for that a response leaves out: reported, not failed.
function protocolAdvisories(exchange) {
    const advisories = [];
    const type = exchange.request.request.type;
    const response = (exchange.response || {}).response || {};
    const plays = (response.directives || []).some((d) => d.type === "AudioPlayer.Play");
    if (plays && !type.startsWith("AudioPlayer.") && response.shouldEndSession !== true) {
        advisories.push(`${type}${exchange.request.request.intent ? ` ${exchange.request.request.intent.name}` : ""}: `
            + `AudioPlayer.Play with shouldEndSession=${response.shouldEndSession}; the AudioPlayer interface `
            + "reference says to set it to true when sending Play");
    }
    return advisories;
}

// ------------------------------------------------------------------------------------------------
// One conversation: one person, one device, one virtual-alexa
// ------------------------------------------------------------------------------------------------
const TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite";

class Conversation {
    constructor(name, options, shared) {
        this.name = name;
        this.options = options;
        this.shared = shared;
        this.turns = [];
        this.failures = [];
        this.exchanges = [];
        this.consented = false;
        this.deviceId = `amzn1.ask.device.virtual-alexa-${crypto.randomUUID()}`;
        this.apiAccessToken = `virtual-alexa-api-token-${crypto.randomUUID()}`;
        this.consentToken = `virtual-alexa-consent-${crypto.randomUUID()}`;
        this.lastPermissionToken = null;
        this.nluNotes = [];
        this.state = {};            // what the conversation's checks remember (e.g. the session token)
        this.alexa = VirtualAlexa.Builder()
            .interactionModelFile(options.model)
            .skillURL(options.skillUrl)
            .locale("en-US")
            .applicationID("amzn1.ask.skill.back-relief-virtual-alexa")
            .create();
        this.alexa.filter((json) => this.filter(json));
        this.recordExchanges();
    }

    // Every request and answer, in order, including the AudioPlayer events virtual-alexa sends itself.
    recordExchanges() {
        const interactor = this.alexa.interactor();
        const invoke = interactor.invoke.bind(interactor);
        const timeout = this.options.requestTimeoutMs;
        interactor.invoke = (json) => {
            const request = JSON.parse(JSON.stringify(json));
            let timer;
            const late = new Promise((resolve, reject) => {
                timer = setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout);
            });
            return Promise.race([invoke(json), late]).then((response) => {
                clearTimeout(timer);
                this.exchanges.push({ request, response });
                return response;
            }, (error) => {
                clearTimeout(timer);
                this.exchanges.push({ request, error: String(error && error.message || error) });
                throw error;
            });
        };
    }

    // Runs on every request virtual-alexa builds, just before it is posted.
    filter(json) {
        const system = json.context.System;
        system.device.deviceId = this.deviceId;
        system.apiEndpoint = this.shared.apiEndpoint;
        system.apiAccessToken = this.apiAccessToken;
        for (const user of [system.user, json.session && json.session.user]) {
            if (!user) continue;
            if (this.consented) user.permissions = { consentToken: this.consentToken };
            else delete user.permissions;
        }
        const intent = json.request.intent;
        if (json.request.type === "IntentRequest" && intent && intent.slots) {
            const types = this.shared.slotTypes[intent.name] || {};
            for (const [name, slot] of Object.entries(intent.slots)) {
                if (!slot || typeof slot.value !== "string") continue;
                let value = null;
                if (types[name] === "AMAZON.NUMBER") {
                    const number = wordsToNumber(slot.value);
                    value = number === null ? null : String(number);
                } else if (types[name] === "AMAZON.DURATION") {
                    value = durationToIso(slot.value);
                }
                if (value !== null && value !== slot.value) {
                    this.nluNotes.push(`${name}: "${slot.value}" → "${value}" (Alexa's NLU for ${types[name]})`);
                    slot.value = value;
                }
            }
        }
    }

    // -- the things a person (or time) does ---------------------------------------------------------
    async utter(words, expect = {}, notes = []) {
        return this.turn({ say: words, kind: "utter", notes }, () => this.alexa.utter(words), expect);
    }

    /** "Alexa, ask back relief <words>": a new session whose first request is the intent. */
    async oneShot(words, expect = {}) {
        const context = this.alexa.context();
        const open = context.activeSession() && !context.session().isNew();
        return this.turn({ say: `ask back relief ${words}`, kind: "one-shot" }, () => {
            if (open) throw new Error("a one-shot needs the session to be closed, but it is open");
            return this.alexa.utter(words);
        }, Object.assign({ newSession: true }, expect));
    }

    /** What Alexa's NLU would send for words virtual-alexa cannot match itself. */
    async intend(words, intentName, slots, expect = {}, why = "") {
        const notes = [`sent as ${intentName} ${JSON.stringify(slots)}${why ? `: ${why}` : ""}`];
        return this.turn({ say: words, kind: "intend", notes },
            () => this.alexa.intend(intentName, slots), expect);
    }

    /** The person answers Alexa's permission card/voice prompt; Alexa sends Connections.Response. */
    async answerPermission(status, expect = {}) {
        const say = status === "ACCEPTED" ? "yes (grants the timer permission)" : "no (declines the timer permission)";
        return this.turn({ say, kind: "permission" }, () => {
            if (!this.lastPermissionToken) throw new Error("the skill never asked for a permission");
            if (status === "ACCEPTED") this.consented = true;
            const context = this.alexa.context();
            const request = this.alexa.request()
                .connectionsResponse("AskFor", { status, isCardThrown: false, permissionScope: TIMERS_SCOPE },
                    this.lastPermissionToken, "200", "OK");
            request.set("session", {
                new: true,
                sessionId: `amzn1.echo-api.session.${crypto.randomUUID()}`,
                application: { applicationId: context.applicationID() },
                attributes: {},
                user: { userId: context.user().id() },
            });
            return request.send();
        }, expect);
    }

    /** Time passes while the audio plays (virtual-alexa's player never advances by itself). */
    async wait(milliseconds, expect = {}) {
        return this.turn({ say: `(${milliseconds / 60000} minutes pass)`, kind: "wait" }, async () => {
            const player = this.alexa.audioPlayer();
            if (!player.isPlaying()) throw new Error("nothing is playing, so no time can pass in the audio");
            const stream = player.playing().stream;
            player.playbackOffset((stream.offsetInMilliseconds || 0) + milliseconds);
            return null;
        }, expect);
    }

    /** The audio plays to its end: PlaybackNearlyFinished, then PlaybackFinished. */
    async playToEnd(expect = {}) {
        return this.turn({ say: "(the session plays to the end)", kind: "playback" }, async () => {
            const player = this.alexa.audioPlayer();
            if (!player.isPlaying()) throw new Error("nothing is playing");
            await player.playbackNearlyFinished();
            await player.playbackFinished();
            return null;
        }, expect);
    }

    // -- one turn: act, record, check ---------------------------------------------------------------
    async turn(record, act, expect) {
        const firstExchange = this.exchanges.length;
        const firstTimerCall = this.shared.api.calls.length;
        this.nluNotes = [];
        const turn = { say: record.say, kind: record.kind, notes: [...(record.notes || [])], failures: [] };
        this.turns.push(turn);
        let thrown = null;
        try {
            await act();
        } catch (error) {
            thrown = error;
        }
        turn.notes.push(...this.nluNotes);
        const exchanges = this.exchanges.slice(firstExchange);
        const main = exchanges.find((e) => !String(e.request.request.type).startsWith("AudioPlayer."));
        turn.events = exchanges.filter((e) => e !== main).map((e) => {
            const event = { type: e.request.request.type };
            if (e.request.request.token !== undefined) event.token = e.request.request.token;
            if (e.request.request.offsetInMilliseconds !== undefined) event.offsetInMilliseconds = e.request.request.offsetInMilliseconds;
            if (e.error) event.error = e.error;
            return event;
        });
        if (main) {
            turn.request = summariseRequest(main.request);
            if (main.response) {
                const response = main.response.response || {};
                turn.outputSpeech = speechOf(response.outputSpeech);
                turn.reprompt = speechOf((response.reprompt || {}).outputSpeech);
                if (response.card) turn.card = { type: response.card.type, title: response.card.title };
                turn.directives = (response.directives || []).map(summariseDirective);
                turn.shouldEndSession = response.shouldEndSession === undefined ? null : response.shouldEndSession;
                const ask = turn.directives.find((d) => d.type === "Connections.SendRequest" && d.name === "AskFor");
                if (ask) this.lastPermissionToken = ask.token;
            }
        }
        turn.timers = this.shared.api.calls.slice(firstTimerCall)
            .filter((call) => call.auth === `Bearer ${this.apiAccessToken}`)
            .map((call) => {
                const entry = { call: `${call.method} ${call.path.replace(/\/v1\/alerts\/timers\/[^/]+/, "/v1/alerts/timers/{id}")}` };
                if (call.body) entry.body = call.body;
                return entry;
            });
        turn.advisories = [];
        for (const exchange of exchanges) {
            if (exchange.error) {
                turn.failures.push(`${exchange.request.request.type}: ${exchange.error}`);
            } else {
                turn.failures.push(...protocolProblems(exchange, this.options.publicUrl));
                turn.advisories.push(...protocolAdvisories(exchange));
            }
        }
        if (thrown && !exchanges.some((e) => e.error)) turn.failures.push(String(thrown.message || thrown));
        if (!thrown) turn.failures.push(...this.check(turn, expect));
        if (thrown) {
            // The conversation can't meaningfully go on: its state is unknown from here.
            const stop = new Error(`stopped after turn ${this.turns.length}`);
            stop.recorded = true;
            throw stop;
        }
        return turn;
    }

    /** What was expected of a turn and did not happen. `card`: the card's title, or null for none. */
    check(turn, expect) {
        const failures = [];
        const speech = turn.outputSpeech || "";
        const lower = speech.toLowerCase();
        if (expect.request !== undefined && (!turn.request || turn.request.type !== expect.request)) {
            failures.push(`expected a ${expect.request}, virtual-alexa sent ${turn.request ? turn.request.type : "nothing"}`);
        }
        if (expect.intent !== undefined && (!turn.request || turn.request.intent !== expect.intent)) {
            failures.push(`expected intent ${expect.intent}, got ${turn.request ? turn.request.intent || turn.request.type : "no request"}`);
        }
        for (const [name, want] of Object.entries(expect.slots || {})) {
            const slot = ((turn.request || {}).slots || {})[name];
            const got = slot ? (slot.id !== undefined ? slot.id : slot.value) : undefined;
            if (got !== want) failures.push(`slot ${name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        }
        if (expect.newSession !== undefined && (!turn.request || turn.request.sessionNew !== expect.newSession)) {
            failures.push(`expected session.new=${expect.newSession}, got ${turn.request ? turn.request.sessionNew : "no request"}`);
        }
        for (const words of expect.says || []) {
            if (!lower.includes(words.toLowerCase())) failures.push(`speech should contain "${words}"`);
        }
        for (const words of expect.saysNot || []) {
            if (lower.includes(words.toLowerCase())) failures.push(`speech should not contain "${words}"`);
        }
        if (expect.startsWith !== undefined && !lower.startsWith(expect.startsWith.toLowerCase())) {
            failures.push(`speech should start with "${expect.startsWith}"`);
        }
        if (expect.silent && turn.outputSpeech) failures.push(`expected no speech, got "${turn.outputSpeech}"`);
        for (const words of expect.reprompt || []) {
            if (!(turn.reprompt || "").toLowerCase().includes(words.toLowerCase())) failures.push(`reprompt should contain "${words}"`);
        }
        if (expect.card === null && turn.card) {
            failures.push(`expected no card, got "${turn.card.title}"`);
        } else if (expect.card !== undefined && expect.card !== null && (!turn.card || turn.card.title !== expect.card)) {
            failures.push(`expected card "${expect.card}", got ${turn.card ? `"${turn.card.title}"` : "no card"}`);
        }
        if (expect.session !== undefined) {
            const open = turn.shouldEndSession === false;
            if ((expect.session === "open") !== open) {
                failures.push(`expected the session ${expect.session}, shouldEndSession=${turn.shouldEndSession}`);
            }
        }
        if (expect.directives !== undefined) {
            const got = (turn.directives || []).map((d) => d.type).sort();
            const want = [...expect.directives].sort();
            if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`expected directives ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        }
        if (expect.events !== undefined) {
            const got = turn.events.map((e) => e.type);
            if (JSON.stringify(got) !== JSON.stringify(expect.events)) {
                failures.push(`expected AudioPlayer events ${JSON.stringify(expect.events)}, virtual-alexa sent ${JSON.stringify(got)}`);
            }
        }
        if (expect.timers !== undefined) {
            const got = turn.timers.map((t) => t.call);
            if (JSON.stringify(got) !== JSON.stringify(expect.timers)) {
                failures.push(`expected Timers API calls ${JSON.stringify(expect.timers)}, got ${JSON.stringify(got)}`);
            }
        }
        if (expect.check) {
            try {
                failures.push(...(expect.check(turn, this.state, this) || []));
            } catch (error) {
                failures.push(`check failed: ${error.message}`);
            }
        }
        return failures;
    }

    result() {
        const failures = [...this.failures];
        const advisories = [];
        this.turns.forEach((turn, index) => {
            for (const failure of turn.failures) failures.push(`turn ${index + 1} (${turn.say}): ${failure}`);
            for (const advisory of turn.advisories || []) advisories.push(`turn ${index + 1} (${turn.say}): ${advisory}`);
        });
        return { name: this.name, passed: failures.length === 0, failures, advisories, turns: this.turns };
    }
}

// ------------------------------------------------------------------------------------------------
// Checks shared by the session conversations
// ------------------------------------------------------------------------------------------------
function play(turn) {
    return (turn.directives || []).find((d) => d.type === "AudioPlayer.Play");
}

/** The Play directive starts a new session of `type`/`minutes` at `offset`; remembers its token. */
function startsSession(type, minutes, offset = 0) {
    return (turn, state) => {
        const directive = play(turn);
        if (!directive) return ["no AudioPlayer.Play"];
        const failures = [];
        const prefix = `backrelief:${type}:${minutes}:`;
        if (!String(directive.token).startsWith(prefix)) failures.push(`Play token ${directive.token} should start with ${prefix}`);
        if (directive.offsetInMilliseconds !== offset) failures.push(`Play offset ${directive.offsetInMilliseconds}, expected ${offset}`);
        if (directive.playBehavior !== "REPLACE_ALL") failures.push(`playBehavior ${directive.playBehavior}, expected REPLACE_ALL`);
        if (state.token && directive.token === state.token) failures.push("a new session should get a new token");
        const started = turn.events.find((e) => e.type === "AudioPlayer.PlaybackStarted");
        if (!started || started.token !== directive.token || started.offsetInMilliseconds !== offset) {
            failures.push(`virtual-alexa should have started ${directive.token} at ${offset}: events ${JSON.stringify(turn.events)}`);
        }
        state.token = directive.token;
        state.url = directive.url;
        return failures;
    };
}

/** The Play directive carries on the same session (same token and URL) from `offset`. */
function continuesSession(offset) {
    return (turn, state) => {
        const directive = play(turn);
        if (!directive) return ["no AudioPlayer.Play"];
        const failures = [];
        if (directive.token !== state.token) failures.push(`Play token ${directive.token}, expected the same session ${state.token}`);
        if (directive.url !== state.url) failures.push(`Play URL ${directive.url}, expected ${state.url}`);
        if (directive.offsetInMilliseconds !== offset) failures.push(`Play offset ${directive.offsetInMilliseconds}, expected ${offset}`);
        return failures;
    };
}

/** The same run of the session, now `minutes` long ("five more minutes"), played on from `offset`. */
function lengthensSession(type, minutes, offset) {
    return (turn, state) => {
        const directive = play(turn);
        if (!directive) return ["no AudioPlayer.Play"];
        const failures = [];
        const run = String(state.token).split(":").pop();
        if (directive.token !== `backrelief:${type}:${minutes}:${run}`) {
            failures.push(`Play token ${directive.token}, expected the same run ${run} at ${minutes} minutes`);
        }
        if (!String(directive.url).endsWith(`/${type}-${minutes}.mp3`)) failures.push(`Play URL ${directive.url}`);
        if (directive.offsetInMilliseconds !== offset) failures.push(`Play offset ${directive.offsetInMilliseconds}, expected ${offset}`);
        state.token = directive.token;
        state.url = directive.url;
        return failures;
    };
}

/** Every event virtual-alexa sent in this turn was about our session, at `offset`. */
function eventsAt(offset) {
    return (turn, state) => turn.events
        .filter((e) => e.token !== state.token || e.offsetInMilliseconds !== offset)
        .map((e) => `${e.type} carried ${e.token} at ${e.offsetInMilliseconds}, expected ${state.token} at ${offset}`);
}

function all(...checks) {
    return (turn, state, conversation) => checks.flatMap((check) => check(turn, state, conversation) || []);
}

/**
 * The intent request's context.AudioPlayer showed our session at `offset`. virtual-alexa builds the
 * request before it stops the audio for the person speaking, so a playing session shows as PLAYING.
 */
function playerReported(activities, offset) {
    return (turn, state) => {
        const player = (turn.request || {}).player || {};
        if (!activities.includes(player.playerActivity) || player.token !== state.token
                || player.offsetInMilliseconds !== offset) {
            return [`context.AudioPlayer should be ${activities.join("/")} ${state.token} at ${offset}, was ${JSON.stringify(player)}`];
        }
        return [];
    };
}

function timerCreated(seconds) {
    return (turn, state) => {
        const create = turn.timers.find((t) => t.call === "POST /v1/alerts/timers");
        if (!create) return ["no timer created"];
        const failures = [];
        const body = create.body || {};
        const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(body.duration || "");
        const total = match ? (Number(match[1] || 0) * 3600 + Number(match[2] || 0) * 60 + Number(match[3] || 0)) : NaN;
        if (!(Math.abs(total - seconds) <= 10)) failures.push(`timer duration ${body.duration}, expected about ${seconds} s`);
        const announce = (((body.triggeringBehavior || {}).operation || {}).textToAnnounce || [])[0] || {};
        if (announce.locale !== "en-US" || !announce.text) failures.push(`timer announcement ${JSON.stringify(announce)}`);
        return failures;
    };
}

// ------------------------------------------------------------------------------------------------
// The conversations
// ------------------------------------------------------------------------------------------------
const STEP_REMEDY = ["Lie on your back with your knees bent"];
const MAT_INTRO = "Lie back on your mat";

const CONVERSATIONS = {
    "launch, a remedy, and next, previous, repeat, start over": async (c) => {
        await c.utter("open back relief", { request: "LaunchRequest", newSession: true, session: "open",
            says: ["not medical advice", "Welcome to Back Relief", "my lower back is spasming"],
            reprompt: ["Where does it hurt"], directives: [] });
        await c.utter("my lower back is spasming", { intent: "RemedyIntent", newSession: false,
            slots: { area: "LOWER_BACK", symptom: "SPASM" }, session: "open", card: "Lower back spasm",
            says: ["Step 1 of 7", ...STEP_REMEDY, "Say next when you're ready"],
            saysNot: ["not medical advice"] });
        await c.utter("next", { intent: "AMAZON.NextIntent", session: "open", says: ["Step 2 of 7", "Breathe slowly"] });
        await c.utter("what's the next step", { intent: "AMAZON.NextIntent", says: ["Step 3 of 7", "heat"] });
        await c.utter("go back", { intent: "AMAZON.PreviousIntent", session: "open", says: ["Step 2 of 7"] });
        await c.utter("say that again", { intent: "AMAZON.RepeatIntent", session: "open", says: ["Step 2 of 7", "Breathe slowly"] });
        await c.utter("start over", { intent: "AMAZON.StartOverIntent", session: "open", says: ["Step 1 of 7", ...STEP_REMEDY] });
        await c.utter("previous step", { intent: "AMAZON.PreviousIntent", session: "open", says: ["This is the first step"] });
        await c.utter("go to step three", { intent: "StepNumberIntent", slots: { number: "3" }, session: "open",
            says: ["Step 3 of 7"] });
        await c.utter("what was step two", { intent: "WhatWasStepIntent", slots: { number: "2" }, session: "open",
            says: ["Step 2 of 7", "You're still on step 3"] });
        await c.utter("how many steps are there", { intent: "StepsOverviewIntent", session: "open",
            says: ["There are 7 steps, and you're on step 3"] });
        await c.utter("stop", { intent: "AMAZON.StopIntent", session: "closed", says: ["feel better"], directives: [] });
    },

    "one-shot forms": async (c) => {
        await c.oneShot("what to do my lower back is spasming", { intent: "RemedyIntent",
            slots: { area: "LOWER_BACK", symptom: "SPASM" }, session: "open", card: "Lower back spasm",
            says: ["not medical advice", "Step 1 of 7", ...STEP_REMEDY] });
        await c.utter("stop", { intent: "AMAZON.StopIntent", session: "closed" });
        await c.oneShot("how do i stop the next flare up", { intent: "PreventionIntent", session: "open",
            card: "Preventing the next flare-up", says: ["Step 1 of"], saysNot: ["not medical advice"] });
        await c.utter("cancel", { intent: "AMAZON.CancelIntent", session: "closed", says: ["feel better"] });
        await c.oneShot("what helps tight hip flexors", { intent: "ConditionIntent",
            slots: { condition: "TIGHT_HIP_FLEXORS" }, session: "open", card: "Tight hip flexors", says: ["Step 1 of"] });
        await c.utter("stop", { intent: "AMAZON.StopIntent", session: "closed" });
        // virtual-alexa's own "ask <invocation> to <words>" parsing: a new session, then the intent.
        await c.utter("ask back relief to help with my lower back", { intent: "RemedyIntent", newSession: true,
            slots: { area: "LOWER_BACK" }, session: "open", says: ["What does it feel like"] });
        await c.utter("it's a spasm", { intent: "RemedyIntent", slots: { symptom: "SPASM" }, session: "open",
            card: "Lower back spasm", says: ["Step 1 of 7"] });
    },

    "red flags get medical help now": async (c) => {
        await c.oneShot("i have chest pain", { intent: "RedFlagIntent", slots: { red_flag: "CHEST_PAIN" },
            startsWith: "Please get medical help now", says: ["heart", "911"], card: "Get medical help now",
            session: "closed", directives: [] });
        await c.oneShot("i can't feel my legs", { intent: "RedFlagIntent", slots: { red_flag: "LEG_NUMBNESS" },
            startsWith: "Please get medical help now", says: ["911"], card: "Get medical help now", session: "closed" });
        await c.utter("open back relief", { request: "LaunchRequest", session: "open", says: ["Welcome back"] });
        await c.utter("my back just locked up", { intent: "RemedyIntent", slots: { area: "BACK", symptom: "SPASM" },
            card: "Lower back spasm", session: "open", says: ["Step 1 of 7"] });
        await c.utter("next", { says: ["Step 2 of 7"], session: "open" });
        await c.utter("my back hurts and i have a fever", { intent: "RedFlagIntent", slots: { red_flag: "FEVER" },
            startsWith: "Please get medical help now", says: ["fever", "911"], card: "Get medical help now",
            session: "closed" });
    },

    "my back hurts: a clarifying question, then the answer": async (c) => {
        await c.utter("open back relief", { request: "LaunchRequest", session: "open" });
        await c.intend("my back hurts", "RemedyIntent", { area: "back", symptom: "hurts" },
            { intent: "RemedyIntent", slots: { area: "BACK", symptom: "SORE" }, session: "open",
              says: ["lower back", "upper back"], reprompt: ["lower back, upper back"] },
            "virtual-alexa cannot match two adjacent slots (\"my {area} {symptom}\"): its regex takes the first "
            + "greedy split only, so the words are resolved here as Alexa's NLU would");
        await c.utter("upper back", { intent: "RemedyIntent", slots: { area: "UPPER_BACK" }, session: "open",
            card: "Knots in the back", says: ["Step 1 of"] });
        await c.utter("next", { intent: "AMAZON.NextIntent", says: ["Step 2 of"] });
    },

    "my back is hurting: the answer names the kind of pain": async (c) => {
        await c.oneShot("my back is hurting", { intent: "RemedyIntent", slots: { area: "BACK", symptom: "SORE" },
            session: "open", says: ["lower back", "upper back"] });
        await c.utter("a spasm", { intent: "RemedyIntent", slots: { symptom: "SPASM" }, session: "open",
            card: "Lower back spasm", says: ["Step 1 of 7"] });
    },

    "a sore lower back is named as it feels, not as a spasm": async (c) => {
        await c.oneShot("my back is hurting", { intent: "RemedyIntent", slots: { area: "BACK", symptom: "SORE" },
            session: "open", says: ["lower back", "upper back"] });
        await c.utter("lower back", { intent: "RemedyIntent", slots: { area: "LOWER_BACK" }, session: "open",
            card: "Lower back soreness", says: ["A sore, aching lower back", "Step 1 of 7"], saysNot: ["spasm"] });
        await c.utter("send the steps to my phone", { intent: "StepsToPhoneIntent", session: "open",
            card: "Lower back soreness", says: ["The steps for lower back soreness"], saysNot: ["spasm"] });
        await c.utter("what else can i do", { intent: "MoreOptionsIntent", session: "open",
            says: ["A few more ideas for lower back soreness"], saysNot: ["spasm"] });
        await c.utter("stop", { intent: "AMAZON.StopIntent", session: "closed" });
    },

    "what else can I do": async (c) => {
        await c.utter("open back relief", { request: "LaunchRequest" });
        await c.utter("what else can i do", { intent: "MoreOptionsIntent", session: "open",
            says: ["Tell me what's bothering you first"] });
        await c.utter("my butt is cramping", { intent: "RemedyIntent", slots: { area: "GLUTES", symptom: "CRAMP" },
            card: "Piriformis and glute cramp", says: ["Step 1 of 5"], session: "open" });
        await c.utter("what else can i do", { intent: "MoreOptionsIntent", session: "open",
            card: "Piriformis and glute cramp",
            says: ["more ideas for Piriformis and glute cramp", "doctor", "Would you like to do a timed acupressure mat session now?"],
            reprompt: ["Should I start a timed acupressure mat session? Say yes or no."] });
        await c.utter("no", { intent: "AMAZON.NoIntent", session: "open", says: ["Say next for step 2"] });
        await c.utter("stop", { intent: "AMAZON.StopIntent", session: "closed", says: ["feel better"] });
    },

    "questions: a doctor, medicines, heat or ice, and one in the middle of a remedy": async (c) => {
        await c.oneShot("when should i see a doctor", { intent: "SeeDoctorIntent", session: "open",
            startsWith: "Get medical help now, by calling 911", says: ["trouble breathing", "physical therapist"],
            card: "When to see a doctor", directives: [] });
        await c.utter("can i take ibuprofen", { intent: "MedicineIntent", slots: { medicine: "ANTI_INFLAMMATORY" },
            says: ["side effects", "doctor or pharmacist"], card: "Anti-inflammatories", session: "open" });
        await c.utter("can i take tylenol", { intent: "MedicineIntent", slots: { medicine: "OTHER_MEDICINE" },
            says: ["I can't advise on tylenol", "doctor or pharmacist"], card: "Medicines", session: "open" });
        await c.utter("is heat or ice better", { intent: "SelfCareQuestionIntent", slots: { topic: "HEAT_OR_ICE" },
            says: ["blood flow", "Would you like to do a timed heat session now?"],
            reprompt: ["Should I start a timed heat session?"], session: "open" });
        await c.utter("no", { intent: "AMAZON.NoIntent", session: "open", says: ["Tell me where it hurts"] });
        await c.utter("my lower back is spasming", { intent: "RemedyIntent", card: "Lower back spasm",
            says: ["Step 1 of 7"], session: "open" });
        await c.utter("next", { intent: "AMAZON.NextIntent", says: ["Step 2 of 7"] });
        await c.utter("how much magnesium should i take", { intent: "MedicineIntent", slots: { medicine: "MAGNESIUM" },
            says: ["350 milligrams a day", "Check with your doctor", "say next to carry on"], saysNot: ["Step 3 of 7"],
            card: "Magnesium", session: "open" });
        await c.utter("next", { intent: "AMAZON.NextIntent", says: ["Step 3 of 7"], card: null });
        await c.utter("it hurts to breathe", { intent: "RedFlagIntent", slots: { red_flag: "TROUBLE_BREATHING" },
            startsWith: "Please get medical help now", says: ["911"], card: "Get medical help now",
            session: "closed" });
    },

    "on the floor: getting up, eating, sleeping, thanks; pregnancy": async (c) => {
        await c.oneShot("how do i get up off the floor", { intent: "GetUpIntent", session: "open",
            startsWith: "If your legs feel weak or numb, stay put and call 911", says: ["roll onto your side"],
            card: "Getting up off the floor" });
        await c.utter("what should i eat", { intent: "FoodQuestionIntent", session: "open",
            says: ["potassium", "check with your doctor"], card: "Food and drink" });
        await c.utter("how should i sleep", { intent: "SleepQuestionIntent", session: "open",
            says: ["pillow between your knees", "breathing meditation"] });
        await c.utter("no", { intent: "AMAZON.NoIntent", session: "open" });
        await c.utter("are you a doctor", { intent: "NotADoctorIntent", session: "open",
            says: ["No, I'm not a doctor", "physical therapist"] });
        await c.utter("thank you", { intent: "ThanksIntent", session: "closed", says: ["You're welcome"] });
        await c.oneShot("i'm pregnant", { intent: "PregnancyIntent", session: "open",
            startsWith: "Because you're pregnant, ask your midwife or doctor", card: "Back pain in pregnancy" });
    },

    "help": async (c) => {
        await c.utter("open back relief", { request: "LaunchRequest", session: "open" });
        await c.utter("help", { intent: "AMAZON.HelpIntent", session: "open",
            says: ["step-by-step relief", "acupressure mat session", "next, go back, or repeat"],
            reprompt: ["What's going on with your back"] });
        await c.utter("what can you do", { intent: "AMAZON.HelpIntent", session: "open", says: ["step-by-step relief"] });
        await c.utter("i overdid it at the gym", { intent: "RemedyIntent", slots: { symptom: "OVERDID_IT" },
            card: "Sore muscles", session: "open", says: ["Step 1 of"] });
    },

    "stop and exit": async (c) => {
        await c.utter("open back relief", { request: "LaunchRequest", session: "open" });
        await c.utter("stop", { intent: "AMAZON.StopIntent", session: "closed", directives: [],
            says: ["Take it easy. I hope you feel better soon."] });
        await c.utter("open back relief", { request: "LaunchRequest", session: "open", says: ["Welcome back"] });
        await c.utter("exit", { request: "SessionEndedRequest", silent: true });
        await c.oneShot("stop", { intent: "AMAZON.StopIntent", session: "closed", says: ["feel better"] });
    },

    "mat session by voice: permission, pause, resume, time left, to the end": async (c) => {
        await c.utter("ask back relief to start a ten minute mat session", { intent: "StartSessionIntent",
            newSession: true, slots: { session_type: "MAT", minutes: "10" }, session: "closed",
            says: ["announce when your session ends"], directives: ["Connections.SendRequest"], timers: [],
            check: (turn) => {
                const ask = turn.directives.find((d) => d.type === "Connections.SendRequest");
                const scopes = ((ask.payload || {}).permissionScopes || []).map((s) => s.permissionScope);
                return ask.name === "AskFor" && (ask.payload || {})["@type"] === "AskForPermissionsConsentRequest"
                    && scopes.includes(TIMERS_SCOPE) ? [] : [`unexpected permission request ${JSON.stringify(ask)}`];
            } });
        await c.answerPermission("ACCEPTED", { request: "Connections.Response",
            says: [MAT_INTRO, "10 minutes", "[audio https://"], saysNot: ["couldn't set"],
            directives: ["AudioPlayer.Play"], card: "Acupressure mat session: 10 minutes",
            events: ["AudioPlayer.PlaybackStarted"], timers: ["POST /v1/alerts/timers"],
            check: all(startsSession("mat", 10, 0), timerCreated(603)) });
        await c.wait(2 * 60000);
        await c.utter("pause", { intent: "AMAZON.PauseIntent", newSession: true, directives: ["AudioPlayer.Stop"],
            silent: true, events: ["AudioPlayer.PlaybackStopped"], timers: ["POST /v1/alerts/timers/{id}/pause"],
            check: all(eventsAt(120000), playerReported(["PLAYING", "STOPPED"], 120000)) });
        await c.utter("how much time is left", { intent: "TimeLeftIntent", directives: [], events: [],
            says: ["paused", "8 minutes", "Say resume"], session: "closed", timers: [] });
        await c.utter("resume", { intent: "AMAZON.ResumeIntent", directives: ["AudioPlayer.Play"], silent: true,
            events: ["AudioPlayer.PlaybackStarted"], timers: ["POST /v1/alerts/timers/{id}/resume"],
            check: all(continuesSession(120000), eventsAt(120000)) });
        await c.wait(3 * 60000);
        await c.utter("how much time is left", { intent: "TimeLeftIntent", directives: ["AudioPlayer.Play"],
            says: ["5 minutes", "left in your acupressure mat session"], saysNot: ["paused"], timers: [],
            events: ["AudioPlayer.PlaybackStopped", "AudioPlayer.PlaybackStarted"],
            check: all(continuesSession(300000), eventsAt(300000), playerReported(["PLAYING", "STOPPED"], 300000)) });
        await c.utter("next", { intent: "AMAZON.NextIntent", directives: ["AudioPlayer.Play"],
            says: ["nothing to skip"], check: continuesSession(300000) });
        await c.wait(5 * 60000);
        await c.playToEnd({ events: ["AudioPlayer.PlaybackNearlyFinished", "AudioPlayer.PlaybackFinished"],
            check: eventsAt(600000) });
        await c.oneShot("how many sessions have i done this week", { intent: "HistoryIntent",
            says: ["one acupressure mat session"] });
        await c.oneShot("how much time is left", { intent: "TimeLeftIntent", says: ["Your acupressure mat session is finished."],
            directives: [] });
    },

    "meditation with a duration, declining the timer": async (c) => {
        await c.oneShot("start a meditation for five minutes", { intent: "StartSessionIntent",
            slots: { session_type: "MEDITATION", duration: "PT5M" }, directives: ["Connections.SendRequest"] });
        await c.answerPermission("DENIED", { request: "Connections.Response", directives: ["AudioPlayer.Play"],
            says: ["close your eyes", "for 5 minutes", "no spoken alert"], card: "Breathing meditation: 5 minutes",
            timers: [], check: startsSession("meditation", 5, 0) });
        await c.wait(60000);
        await c.utter("how much time is left", { intent: "TimeLeftIntent", says: ["4 minutes", "breathing meditation"],
            directives: ["AudioPlayer.Play"], check: continuesSession(60000) });
        await c.utter("add five minutes", { intent: "AddTimeIntent", slots: { minutes: "5" },
            directives: ["AudioPlayer.Play"], says: ["5 minutes more", "now ends in 9 minutes"],
            check: lengthensSession("meditation", 10, 60000) });
        await c.utter("start over", { intent: "AMAZON.StartOverIntent", directives: ["AudioPlayer.Play"], silent: true,
            check: continuesSession(0) });
        await c.utter("stop", { intent: "AMAZON.StopIntent", says: ["stopped your breathing meditation"],
            directives: ["AudioPlayer.Stop", "AudioPlayer.ClearQueue"], events: ["AudioPlayer.PlaybackStopped"] });
        // Just stopped: none running, said as stopped (asked52; it was "don't have a session running").
        await c.oneShot("how much time is left", { intent: "TimeLeftIntent",
            says: ["You stopped your breathing meditation", "nothing is running now"] });
        // Asked once: the second start goes straight to the audio.
        await c.oneShot("a five minute meditation", { intent: "StartSessionIntent",
            slots: { session_type: "MEDITATION", minutes: "5" }, directives: ["AudioPlayer.Play"], timers: [],
            saysNot: ["announce when your session ends"], check: startsSession("meditation", 5, 0) });
    },

    "preferences: fifteen minute mat sessions, my usual, forget me": async (c) => {
        await c.oneShot("make my mat sessions forty minutes", { intent: "SetPreferenceIntent",
            slots: { session_type: "MAT", duration: "PT40M" }, session: "open",
            says: ["from 5 to 30 minutes", "can't save 40 minutes"], saysNot: ["Done"] });
        await c.utter("make my mat sessions fifteen minutes", { intent: "SetPreferenceIntent", newSession: false,
            slots: { session_type: "MAT", minutes: "15" }, session: "closed",
            says: ["Done", "acupressure mat sessions will be 15 minutes"] });
        await c.oneShot("start my usual mat session", { intent: "UsualSessionIntent", slots: { session_type: "MAT" },
            directives: ["Connections.SendRequest"] });
        await c.answerPermission("ACCEPTED", { directives: ["AudioPlayer.Play"], says: [MAT_INTRO, "15 minutes"],
            card: "Acupressure mat session: 15 minutes", timers: ["POST /v1/alerts/timers"],
            check: all(startsSession("mat", 15, 0), timerCreated(903)) });
        await c.utter("how much time is left", { intent: "TimeLeftIntent", says: ["15 minutes"],
            check: continuesSession(0) });
        await c.utter("stop", { intent: "AMAZON.StopIntent", says: ["stopped your acupressure mat session"],
            directives: ["AudioPlayer.Stop", "AudioPlayer.ClearQueue"], timers: ["DELETE /v1/alerts/timers/{id}"] });
        await c.oneShot("forget everything about me", { intent: "ForgetMeIntent", session: "open", says: ["Are you sure"] });
        await c.utter("yes", { intent: "AMAZON.YesIntent", session: "closed", says: ["deleted what Back Relief had saved for this household's shared use"],
            timers: ["DELETE /v1/alerts/timers"] });
        // The preference is forgotten (back to the default ten minutes); the timer permission is the
        // Alexa account's, not the skill's data, so it still holds and nothing is asked.
        await c.oneShot("start my usual mat session", { intent: "UsualSessionIntent", slots: { session_type: "MAT" },
            directives: ["AudioPlayer.Play"], says: [MAT_INTRO, "10 minutes"], saysNot: ["15 minutes"],
            timers: ["POST /v1/alerts/timers"], check: all(startsSession("mat", 10, 0), timerCreated(603)) });
    },
};

// ------------------------------------------------------------------------------------------------
async function main() {
    let options;
    try {
        options = parseArgs(process.argv.slice(2));
    } catch (error) {
        process.stderr.write(`conversations.js: ${error.message}\n`);
        return 2;
    }
    if (options.list) {
        for (const name of Object.keys(CONVERSATIONS)) process.stdout.write(`${name}\n`);
        return 0;
    }
    const modelJson = JSON.parse(fs.readFileSync(options.model, "utf8"));
    const api = new FakeTimersApi(options.apiCert, options.apiKey);
    const shared = { api, apiEndpoint: await api.listen(), slotTypes: slotTypesByIntent(modelJson) };
    const names = options.only.length ? options.only : Object.keys(CONVERSATIONS);
    let allPassed = true;
    try {
        for (const name of names) {
            const script = CONVERSATIONS[name];
            let conversation;
            try {
                conversation = new Conversation(name, options, shared);
            } catch (error) {
                process.stdout.write(JSON.stringify({ name, passed: false, failures: [`virtual-alexa could not start: ${error.message}`], turns: [] }) + "\n");
                allPassed = false;
                continue;
            }
            if (!script) {
                conversation.failures.push("no such conversation");
            } else {
                try {
                    await script(conversation);
                } catch (error) {
                    conversation.failures.push(error.recorded ? error.message : `script error: ${error.stack || error}`);
                }
            }
            const result = conversation.result();
            allPassed = allPassed && result.passed;
            process.stdout.write(JSON.stringify(result) + "\n");
        }
    } finally {
        await api.close();
    }
    return allPassed ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error) => {
    process.stderr.write(`conversations.js: ${error.stack || error}\n`);
    process.exitCode = 2;
});
