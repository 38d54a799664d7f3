"""A link's settings survive a browser that is slow to draw the page's widgets.

On opening a link the page's first run draws its frame and the graph; once the graph is on
screen the element reports "ready" and the page is drawn again, in full, within a second. Streamlit
sends a widget's value to the browser only in a run where its session-state key was written;
in any other run the browser keeps the value it holds. A widget whose code the browser was
still loading when that second run arrived (a busy machine, a slow phone) mounts with its
default instead, and the next run the browser asks for (a press of →) reports that default as
the learner's change: the language select says 한국어, projector mode goes off, ``x`` is
empty. Seen in CI, where projector mode dropped after the first press.

The same echo in the middle of a run: projector mode turned off by its button, and before
the redrawn sidebar reaches the browser the graph reports a call, still with the sidebar's
switch on. The switch's "change" in the graph's run must not turn projector mode on again.

Over the app's websocket, a browser that mounts every widget late: it takes each widget as
the page's second run draws it (its value if the run sends one, else its default), then
presses → as the graph element reports it. The link's settings must all be in the URL after.
"""

import asyncio
import json
from urllib.parse import parse_qs

from harness import AppServer, in_thread

from components import session

# the book's example with every setting a widget shows away from its default
LINK = "f=Square%2CExp%2CSquare&x=0.5&step=3&view=stacked&lang=en&projector=1"


def mounted(element):
    """What a widget mounting now shows: the value this run sends, else its default. Returns
    (widget id, the WidgetState field its value travels in, that value) or None."""
    which = element.WhichOneof("type")
    proto = getattr(element, which)
    if "id" not in proto.DESCRIPTOR.fields_by_name:
        return None
    if not any(proto.id.endswith(f"-{key}") for key in session.WIDGETS):
        return None
    if which == "selectbox":
        value = proto.raw_value if proto.set_value else proto.options[proto.default]
        return proto.id, "string_value", value
    if which == "checkbox":  # st.toggle
        return proto.id, "bool_value", proto.value if proto.set_value else proto.default
    if which == "text_input":
        return proto.id, "string_value", proto.value if proto.set_value else proto.default
    if which == "button_group":  # st.segmented_control: its options' labels
        labels = [proto.options[i].content for i in proto.default]
        return proto.id, "string_array_value", list(proto.raw_values) if proto.set_value else labels
    raise AssertionError(f"a widget of a kind this test does not mount: {which} {proto.id}")


async def slow_browser(port):
    """Open LINK, report the graph ready, mount the widgets of that run, press →. Returns the
    widgets as the first run drew them, as the second did, and the URL's query after."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    address = [LINK, {}]  # the address bar's query; the buttons drawn: key -> id
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:

        async def run(widgets=(), graph=None, value=None):
            message = BackMsg()
            message.rerun_script.query_string = address[0]
            message.rerun_script.page_script_hash = ""
            for widget_id, field, shown in widgets:
                state = message.rerun_script.widget_states.widgets.add()
                state.id = widget_id
                if field == "string_array_value":
                    state.string_array_value.data.extend(shown)
                else:
                    setattr(state, field, shown)
            if graph:
                state = message.rerun_script.widget_states.widgets.add()
                state.id, message.rerun_script.fragment_id = graph[:2]
                state.json_value = json.dumps(value)
            await ws.send(message.SerializeToString())
            drawn, element_of_graph = {}, None
            buttons = address[1]
            while True:
                received = ForwardMsg()
                received.ParseFromString(await asyncio.wait_for(ws.recv(), 120))
                kind = received.WhichOneof("type")
                if kind == "delta" and received.delta.WhichOneof("type") == "new_element":
                    element = received.delta.new_element
                    if element.WhichOneof("type") == "bidi_component":
                        data = json.loads(element.bidi_component.json)
                        fragment = received.delta.fragment_id
                        element_of_graph = (element.bidi_component.id, fragment, data)
                    elif element.WhichOneof("type") == "exception":
                        raise AssertionError(element.exception.message)
                    elif element.WhichOneof("type") == "button":
                        buttons[element.button.id.rsplit("-", 1)[-1]] = element.button.id
                    elif (widget := mounted(element)) is not None:
                        drawn[widget[0]] = widget
                if kind == "page_info_changed":
                    address[0] = received.page_info_changed.query_string
                if kind == "script_finished":
                    status = ForwardMsg.ScriptFinishedStatus.Name(received.script_finished)
                    if status != "FINISHED_EARLY_FOR_RERUN":  # st.rerun: the next run follows
                        return drawn, element_of_graph

        first, graph = await run()
        data = graph[2]
        second, graph = await run(graph=graph, value={"ready": data["key"]})
        step = data["step"] + 1
        pos = {"step": step, "chain": data["chain"], "seq": 1, "key": data["key"]}
        await run(second.values(), graph=graph, value={"pos": pos})
        pressed = address[0]
        # projector mode off by its button (a whole-page run), then the graph's report of a
        # call back, sent before the browser had the redrawn sidebar: the switch still on
        off = (address[1]["projector_off"], "trigger_value", True)
        _, graph = await run([*second.values(), off])
        back = {**pos, "step": step - 1, "seq": 2}
        await run(second.values(), graph=graph, value={"pos": back})
        return first, second, pressed, address[0]


def test_a_link_keeps_its_settings_when_the_widgets_mount_late():
    server = AppServer().start()
    try:  # a thread of its own: pytest-playwright's sync API may own this one's event loop
        first, second, query, off = in_thread(lambda: asyncio.run(slow_browser(server.port)))
    finally:
        server.stop()
    assert set(first) <= set(second), "the page's second run draws every widget of its first"
    assert len(second) > len(first)  # the sidebar's options and input come with it
    # the first run writes every widget (the spec read from the link); so must the second (a
    # widget it draws for the first time shows the link's value: the URL after the press)
    late = {
        wid.rsplit("-", 1)[-1]: (first[wid][2], second[wid][2])
        for wid in first
        if second[wid] != first[wid]
    }
    assert not late, f"widgets mounting in the page's second run show defaults: {late}"
    params = {name: values[-1] for name, values in parse_qs(query).items()}
    wanted = {name: values[-1] for name, values in parse_qs(LINK).items()}
    wanted["step"] = str(int(wanted["step"]) + 1)
    assert params == wanted, f"after the first press the URL lost the link's settings: {query}"
    # projector mode stays off; the graph's call is taken
    wanted.pop("projector")
    wanted["step"] = str(int(wanted["step"]) - 1)
    params = {name: values[-1] for name, values in parse_qs(off).items()}
    assert params == wanted, f"a stale switch in the graph's report undid the button: {off}"
