// Submissions pages: upload with a progress bar and drag-and-drop (the form posts normally
// without this script), and live status of the imports still pending.
(function () {
    'use strict';

    var PollEvery = 1500;

    function getJson(url) {
        return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
            .then(function (r) { return r.ok ? r.json() : null; });
    }

    function uploadForm(form) {
        var input = form.querySelector('input[type=file]');
        var zone = form.querySelector('.dropzone');
        var bar = form.querySelector('progress');
        var message = form.querySelector('#upload-message');
        var chosen = form.querySelector('#upload-chosen');
        var button = form.querySelector('button[type=submit]');
        var token = form.querySelector('input[name=__RequestVerificationToken]');
        var max = Number(form.dataset.maxBytes);

        function show(text) {
            message.textContent = text || '';
            message.hidden = !text;
        }

        function describe() {
            chosen.textContent = input.files.length ? form.dataset.chosen.replace('{0}', input.files[0].name) : '';
        }

        function idle() {
            button.disabled = false;
            bar.hidden = true;
        }

        input.addEventListener('change', function () { show(''); describe(); });
        ['dragenter', 'dragover'].forEach(function (name) {
            zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add('over'); });
        });
        ['dragleave', 'drop'].forEach(function (name) {
            zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.remove('over'); });
        });
        zone.addEventListener('drop', function (e) {
            if (e.dataTransfer && e.dataTransfer.files.length) {
                input.files = e.dataTransfer.files;
                show('');
                describe();
            }
        });

        form.addEventListener('submit', function (e) {
            if (!window.FormData || !input.files.length) {
                return;
            }

            e.preventDefault();
            if (input.files[0].size > max) {
                show(form.dataset.tooLarge);
                return;
            }

            var xhr = new XMLHttpRequest();
            xhr.open('POST', form.action);
            xhr.setRequestHeader('Accept', 'application/json');
            if (token) {
                xhr.setRequestHeader('X-CSRF-TOKEN', token.value);
            }

            xhr.upload.addEventListener('progress', function (p) {
                if (p.lengthComputable) {
                    bar.value = Math.round(100 * p.loaded / p.total);
                }
            });
            xhr.addEventListener('load', function () {
                var body = null;
                try {
                    body = JSON.parse(xhr.responseText);
                } catch (ignored) {
                    body = null;
                }

                if (xhr.status < 300 && body && body.id) {
                    bar.value = 100;
                    location.assign('/submissions?uploaded=' + encodeURIComponent(body.id));
                    return;
                }

                idle();
                describe();
                show(body && body.error ? body.error : xhr.status === 413 ? form.dataset.tooLarge : form.dataset.failed);
            });
            xhr.addEventListener('error', function () { idle(); describe(); show(form.dataset.failed); });
            show('');
            chosen.textContent = form.dataset.sending;
            bar.value = 0;
            bar.hidden = false;
            button.disabled = true;
            xhr.send(new FormData(form));
        });
    }

    function pollList(table) {
        function pending() {
            return Array.prototype.filter.call(table.querySelectorAll('tbody tr[data-id]'), function (tr) {
                return tr.dataset.status === 'pending';
            });
        }

        function update(s) {
            var tr = table.querySelector('tbody tr[data-id="' + Number(s.id) + '"]');
            if (!tr) {
                return;
            }

            tr.dataset.status = s.status;
            var badge = tr.querySelector('[data-role=status]');
            badge.className = 'status status-' + s.status;
            badge.textContent = s.label;
            ['rowsRead', 'rowsAccepted', 'rowsRejected'].forEach(function (k) {
                tr.querySelector('[data-role=' + k + ']').textContent = s[k];
            });
        }

        function tick() {
            var rows = pending();
            if (!rows.length) {
                return;
            }

            var ids = rows.map(function (tr) { return tr.dataset.id; }).join(',');
            getJson(table.dataset.statusUrl + '&ids=' + ids)
                .then(function (list) {
                    if (list && list.length) {
                        list.forEach(update);
                        setTimeout(tick, PollEvery);
                    }
                })
                .catch(function () { setTimeout(tick, PollEvery * 2); });
        }

        setTimeout(tick, PollEvery);
    }

    function pollDetails(notice) {
        function tick() {
            getJson(notice.dataset.poll)
                .then(function (s) {
                    if (s && s.status !== 'pending') {
                        location.reload();
                    } else if (s) {
                        setTimeout(tick, PollEvery);
                    }
                })
                .catch(function () { setTimeout(tick, PollEvery * 2); });
        }

        setTimeout(tick, PollEvery);
    }

    var form = document.getElementById('upload-form');
    if (form) {
        uploadForm(form);
    }

    var table = document.getElementById('submissions');
    if (table) {
        pollList(table);
    }

    var pending = document.querySelector('[data-poll]');
    if (pending) {
        pollDetails(pending);
    }
}());
