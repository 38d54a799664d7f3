"""Pure views of a lesson: functions of (Lesson, position, language), no Streamlit."""
