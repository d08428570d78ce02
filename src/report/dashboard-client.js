/**
 * The live dashboard's own script, beside the report's renderer: draws the
 * first model, then each one the server sends on `/events` (server-sent
 * events, so the browser reconnects by itself), and the Stop button, which
 * proves it comes from this page with the run's token.
 */
;(() => {
  const read = (id) => JSON.parse(document.getElementById(id).textContent)
  const view = LoadgateReport.render(document.getElementById('report'), read('report-model'))
  const token = read('dashboard-token')
  const status = document.getElementById('dashboard-status')
  const stop = document.getElementById('dashboard-stop')
  const events = new EventSource('/events')

  events.onmessage = (event) => {
    view.update(JSON.parse(event.data))
    status.textContent = `Live, updated ${new Date().toLocaleTimeString()}.`
  }
  // Sent when the run ends; without closing, the browser would try to reconnect for ever.
  events.addEventListener('end', () => {
    events.close()
    stop.disabled = true
    status.textContent = 'The run has ended; its reports are in the results folder.'
  })
  events.onerror = () => {
    if (events.readyState !== EventSource.CLOSED) status.textContent = 'Connection lost; reconnecting…'
  }

  stop.addEventListener('click', async () => {
    stop.disabled = true
    const response = await fetch('/stop', { method: 'POST', headers: { 'X-Loadgate-Token': token } }).catch(() => undefined)
    if (response?.ok) status.textContent = 'Stopping: the category in progress ends with its partial results, the rest are skipped.'
    else {
      stop.disabled = false
      status.textContent = `The stop was refused (${response ? response.status : 'no answer'}).`
    }
  })
})()
