"""Operations: the home dashboard, navigation, and the demo / seed commands that span all apps."""
