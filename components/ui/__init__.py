"""What Streamlit draws: the page's widgets, the graph element, and the session (the one module
that touches st.session_state)."""
